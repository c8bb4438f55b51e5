package dev.paddock.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paddock.units.Sizes;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

class LimitsTest {

  @Test
  void memoryAcceptsBinaryUnitsInEveryCommonSpelling() {
    assertThat(Limits.parseMemory("256MiB")).isEqualTo(DataSize.ofMegabytes(256));
    assertThat(Limits.parseMemory("256MB")).isEqualTo(DataSize.ofMegabytes(256));
    assertThat(Limits.parseMemory("256m")).isEqualTo(DataSize.ofMegabytes(256));
    assertThat(Limits.parseMemory("1GiB")).isEqualTo(DataSize.ofGigabytes(1));
    assertThat(Limits.parseMemory(" 2 g ")).isEqualTo(DataSize.ofGigabytes(2));
  }

  @Test
  void memoryThatIsNotASizeIsRefusedWithTheValueInTheMessage() {
    assertThatThrownBy(() -> Limits.parseMemory("lots"))
        .isInstanceOf(Limits.InvalidLimitsException.class)
        .hasMessageContaining("'lots'");
    assertThatThrownBy(() -> Limits.parseMemory("12 parsecs"))
        .isInstanceOf(Limits.InvalidLimitsException.class);
  }

  @Test
  void anAbsurdMemoryIsRefusedAsAClientErrorNamingTheLargestSize() {
    assertThatThrownBy(() -> Limits.parseMemory("8000000000GiB"))
        .isInstanceOfSatisfying(
            Limits.InvalidLimitsException.class,
            e -> assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST))
        .hasMessageContaining("'8000000000GiB'")
        .hasMessageContaining("at most 1048576GiB");
    assertThatThrownBy(() -> Limits.parseMemory("999999999999g"))
        .isInstanceOf(Limits.InvalidLimitsException.class);
  }

  @Test
  void limitsOutsideTheirRangesAreRefused() {
    assertThatThrownBy(() -> new Limits(DataSize.ofMegabytes(8), 1, 256))
        .hasMessageContaining("at least 64MiB");
    assertThatThrownBy(() -> new Limits(DataSize.ofMegabytes(256), 0, 256))
        .hasMessageContaining("cpus");
    assertThatThrownBy(() -> new Limits(DataSize.ofMegabytes(256), 1, 1))
        .hasMessageContaining("pids");
  }

  @Test
  void sizesAreShownInTheLargestWholeBinaryUnit() {
    assertThat(Sizes.format(DataSize.ofGigabytes(2))).isEqualTo("2GiB");
    assertThat(Sizes.format(DataSize.ofMegabytes(384))).isEqualTo("384MiB");
    assertThat(Sizes.format(DataSize.ofBytes(1000))).isEqualTo("1000B");
  }
}
