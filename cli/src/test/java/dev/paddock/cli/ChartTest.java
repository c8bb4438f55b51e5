package dev.paddock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ChartTest {

  @Test
  void barsGrowWithTheValueAgainstTheTop() {
    assertThat(Chart.sparkline(Arrays.asList(0.0, 50.0, 100.0, 200.0), 100, 10)).isEqualTo("▁▅██");
  }

  @Test
  void aMissingReadingIsAGap() {
    assertThat(Chart.sparkline(Arrays.asList(100.0, null, 100.0), 100, 10)).isEqualTo("█ █");
  }

  @Test
  void aLongSeriesIsAveragedIntoTheWidth() {
    assertThat(Chart.squeezed(Arrays.asList(0.0, 2.0, 4.0, null, null, null), 3))
        .containsExactly(1.0, 4.0, null);
  }

  @Test
  void aSeriesOfNothingButZeroesStaysFlat() {
    assertThat(Chart.sparkline(Arrays.asList(0.0, 0.0), 0, 10)).isEqualTo("▁▁");
  }

  @Test
  void sizesReadAsPeopleWriteThem() {
    assertThat(Sizes.bytes(512)).isEqualTo("512B");
    assertThat(Sizes.bytes(1536)).isEqualTo("1.5KiB");
    assertThat(Sizes.bytes(268_435_456)).isEqualTo("256MiB");
  }
}
