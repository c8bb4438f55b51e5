package dev.paddock.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.HostConfig;
import dev.paddock.sandbox.docker.ContainerLimits.CpuQuota;
import org.junit.jupiter.api.Test;

class CpuQuotaTest {

  @Test
  void grantsTheCpusAsAShareOfATenMillisecondPeriod() {
    assertThat(CpuQuota.of(0.5)).isEqualTo(new CpuQuota(10_000, 5_000));
    assertThat(CpuQuota.of(1)).isEqualTo(new CpuQuota(10_000, 10_000));
    assertThat(CpuQuota.of(2.25)).isEqualTo(new CpuQuota(10_000, 22_500));
    assertThat(CpuQuota.of(64)).isEqualTo(new CpuQuota(10_000, 640_000));
  }

  @Test
  void stretchesThePeriodWhereTheQuotaWouldFallBelowDockersMillisecond() {
    assertThat(CpuQuota.of(0.1)).isEqualTo(new CpuQuota(10_000, 1_000));
    assertThat(CpuQuota.of(0.05)).isEqualTo(new CpuQuota(20_000, 1_000));
    assertThat(CpuQuota.of(0.01)).isEqualTo(new CpuQuota(100_000, 1_000));
    assertThat(CpuQuota.of(0.03)).isEqualTo(new CpuQuota(33_334, 1_000));
  }

  @Test
  void readsTheCpusBackFromEitherForm() {
    assertThat(
            CpuQuota.cpus(HostConfig.newHostConfig().withCpuPeriod(10_000L).withCpuQuota(5_000L)))
        .isEqualTo(0.5);
    // Containers made with Docker's CPU count, by an earlier Paddock.
    assertThat(CpuQuota.cpus(HostConfig.newHostConfig().withNanoCPUs(1_500_000_000L)))
        .isEqualTo(1.5);
    assertThat(CpuQuota.cpus(HostConfig.newHostConfig())).isZero();
  }
}
