package dev.paddock.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paddock.sandbox.Limits;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

class LimitCeilingsTest {

  private final LimitCeilings ceilings = new LimitCeilings(DataSize.ofGigabytes(4), 2.0, 4096);

  @Test
  void limitsAtTheirCeilingsPass() {
    Limits limits = new Limits(DataSize.ofGigabytes(4), 2.0, 4096);
    assertThat(ceilings.check(limits)).isEqualTo(limits);
  }

  @Test
  void memoryAboveTheCeilingIsRefusedWith422NamingTheCeilingAndItsSetting() {
    assertThatThrownBy(() -> ceilings.check(new Limits(DataSize.ofGigabytes(5), 1, 256)))
        .isInstanceOfSatisfying(
            LimitCeilings.LimitAboveCeilingException.class,
            e -> assertThat(e.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT))
        .hasMessageContaining("memory 5GiB")
        .hasMessageContaining("ceiling of 4GiB")
        .hasMessageContaining("paddock.limits.max-memory");
  }

  @Test
  void cpusAboveTheCeilingAreRefusedNamingItsSetting() {
    assertThatThrownBy(() -> ceilings.check(new Limits(DataSize.ofMegabytes(256), 2.5, 256)))
        .hasMessageContaining("cpus 2.5")
        .hasMessageContaining("paddock.limits.max-cpus");
  }

  @Test
  void pidsAboveTheCeilingAreRefusedNamingItsSetting() {
    assertThatThrownBy(() -> ceilings.check(new Limits(DataSize.ofMegabytes(256), 1, 4097)))
        .hasMessageContaining("pids 4097")
        .hasMessageContaining("ceiling of 4096")
        .hasMessageContaining("paddock.limits.max-pids");
  }

  @Test
  void withoutACpuCeilingTheHostsCoreCountIsTheCeiling() {
    LimitCeilings unset = new LimitCeilings(DataSize.ofGigabytes(4), null, 4096);
    assertThat(unset.cpus()).isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Property
  void pidsPassExactlyWhenAtMostTheCeiling(@ForAll @IntRange(min = 16, max = 65536) int pids) {
    Limits limits = new Limits(DataSize.ofMegabytes(256), 1, pids);
    if (pids <= 4096) {
      assertThat(ceilings.check(limits)).isEqualTo(limits);
    } else {
      assertThatThrownBy(() -> ceilings.check(limits))
          .isInstanceOf(LimitCeilings.LimitAboveCeilingException.class);
    }
  }
}
