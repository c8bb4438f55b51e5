package dev.paddock.units;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class SizesTest {

  @Test
  void anAbsurdSizeIsNoSizeRatherThanAnOverflow() {
    assertThat(Sizes.parse("8000000000GiB")).isEmpty();
    assertThat(Sizes.parse("999999999999g")).isEmpty();
    assertThat(Sizes.parse("1048577GiB")).isEmpty();
  }

  @Test
  void theLargestSizeReadIsOnePebibyte() {
    assertThat(Sizes.parse("1048576GiB")).contains(Sizes.MAX);
    assertThat(Sizes.parse("1073741824MiB")).contains(Sizes.MAX);
    assertThat(Sizes.parse("1073741825MiB")).isEmpty();
  }

  @Property
  void everyCountOfGibibytesParsesToExactlyThatManyBytesOrToNothing(
      @ForAll @LongRange(min = 0, max = 999_999_999_999L) long count) {
    var parsed = Sizes.parse(count + "GiB");
    if (count <= 1 << 20) {
      assertThat(parsed).contains(DataSize.ofBytes(count << 30));
    } else {
      assertThat(parsed).isEmpty();
    }
  }

  @Property
  void aParsedSizeIsNeverNegativeNorAboveTheLargest(
      @ForAll @LongRange(min = 0, max = 999_999_999_999L) long count,
      @ForAll("units") String unit) {
    Sizes.parse(count + unit)
        .ifPresent(
            size -> assertThat(size.toBytes()).isNotNegative().isLessThanOrEqualTo(1L << 50));
  }

  @Property
  void anythingThatIsNotANumberAndAUnitIsNoSize(
      @ForAll @AlphaChars @StringLength(min = 1, max = 8) String word) {
    assertThat(Sizes.parse(word)).isEmpty();
  }

  @Provide
  Arbitrary<String> units() {
    return Arbitraries.of("", "b", "k", "KiB", "m", "MB", "MiB", "g", "GB", "GiB");
  }

  @Property
  void formattingAParsedSizeGivesTheSameSizeBack(
      @ForAll @LongRange(min = 1, max = 1 << 20) long mebibytes) {
    DataSize size = DataSize.ofMegabytes(mebibytes);
    assertThat(Sizes.parse(Sizes.format(size))).contains(size);
  }
}
