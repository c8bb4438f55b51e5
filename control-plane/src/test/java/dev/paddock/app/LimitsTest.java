package dev.paddock.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paddock.sandbox.Limits;
import dev.paddock.units.Sizes;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

class LimitsTest {

  @Test
  void memoryAcceptsBinaryUnitsInEveryCommonSpelling() {
    assertThat(LimitsRequest.parseMemory("256MiB")).isEqualTo(DataSize.ofMegabytes(256));
    assertThat(LimitsRequest.parseMemory("256MB")).isEqualTo(DataSize.ofMegabytes(256));
    assertThat(LimitsRequest.parseMemory("256m")).isEqualTo(DataSize.ofMegabytes(256));
    assertThat(LimitsRequest.parseMemory("1GiB")).isEqualTo(DataSize.ofGigabytes(1));
    assertThat(LimitsRequest.parseMemory(" 2 g ")).isEqualTo(DataSize.ofGigabytes(2));
  }

  @Test
  void memoryThatIsNotASizeIsRefusedWithTheValueInTheMessage() {
    assertThatThrownBy(() -> LimitsRequest.parseMemory("lots"))
        .isInstanceOf(LimitsRequest.InvalidLimitsException.class)
        .hasMessageContaining("'lots'");
    assertThatThrownBy(() -> LimitsRequest.parseMemory("12 parsecs"))
        .isInstanceOf(LimitsRequest.InvalidLimitsException.class);
  }

  @Test
  void anAbsurdMemoryIsRefusedAsAClientErrorNamingTheLargestSize() {
    assertThatThrownBy(() -> LimitsRequest.parseMemory("8000000000GiB"))
        .isInstanceOfSatisfying(
            LimitsRequest.InvalidLimitsException.class,
            e -> assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST))
        .hasMessageContaining("'8000000000GiB'")
        .hasMessageContaining("at most 1048576GiB");
    assertThatThrownBy(() -> LimitsRequest.parseMemory("999999999999g"))
        .isInstanceOf(LimitsRequest.InvalidLimitsException.class);
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
