package dev.paddock.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import org.junit.jupiter.api.Test;

class ClassHistogramTest {

  @Test
  void theJvmsOwnHistogramIsReadLargestFirst() throws IOException {
    ClassHistogram histogram = ClassHistogram.parse(recorded(), 100);

    assertThat(histogram.classes()).hasSize(44);
    assertThat(histogram.classes().getFirst())
        .isEqualTo(new ClassHistogram.Entry("[B", "java.base@25.0.3", 15398, 758216));
    assertThat(histogram.classes())
        .isSortedAccordingTo(Comparator.comparingLong(ClassHistogram.Entry::bytes).reversed());
    assertThat(histogram.classes())
        .contains(
            new ClassHistogram.Entry(
                "java.util.concurrent.ConcurrentHashMap$Node", "java.base@25.0.3", 3600, 115200),
            new ClassHistogram.Entry(
                "com.sun.tools.javac.main.Option", "jdk.compiler@25.0.3", 46, 2944));
  }

  @Test
  void onlyTheLargestAreKeptButTheTotalsCountEveryRow() throws IOException {
    ClassHistogram all = ClassHistogram.parse(recorded(), 100);
    ClassHistogram top = ClassHistogram.parse(recorded(), 3);

    assertThat(top.classes())
        .extracting(ClassHistogram.Entry::name)
        .containsExactly("[B", "java.lang.Class", "java.lang.String");
    assertThat(top.totalBytes()).isEqualTo(all.totalBytes());
    assertThat(top.totalBytes())
        .isEqualTo(all.classes().stream().mapToLong(ClassHistogram.Entry::bytes).sum());
  }

  @Test
  void rowsOutOfOrderAreSortedAndClassesOfTheUnnamedModuleHaveNoModule() {
    ClassHistogram histogram =
        ClassHistogram.parse(
            """
               1:            10            160  com.example.Small
               2:          1000        8000000  com.example.Leak$Entry
               3:             5            400  [Lcom.example.Leak$Entry;
            """,
            100);

    assertThat(histogram.classes())
        .containsExactly(
            new ClassHistogram.Entry("com.example.Leak$Entry", null, 1000, 8000000),
            new ClassHistogram.Entry("[Lcom.example.Leak$Entry;", null, 5, 400),
            new ClassHistogram.Entry("com.example.Small", null, 10, 160));
  }

  @Test
  void garbageIsSkippedAndNothingThrows() {
    String hostile =
        """
        <html>not a histogram</html>
           1:   -5   100  negative.Count
           2:   99999999999999999999999   1  too.Many
           x:   1   1  not.A.Number
           3:   1
        \u0000\u0001\u0002\uFFFF
           4:   7   700  ok.Klass\u001b[31m (java.base)
           5:   8   800  also.Ok (weird (module))
        Total   garbage
        """
            + "9: 1 1 ".repeat(50_000);

    ClassHistogram histogram = ClassHistogram.parse(hostile, 100);

    assertThat(histogram.classes())
        .extracting(ClassHistogram.Entry::name)
        .containsExactly("also.Ok", "ok.Klass?[31m");
    assertThat(ClassHistogram.parse("", 100).classes()).isEmpty();
    assertThat(ClassHistogram.parse("\n\n\n", 100).totalBytes()).isZero();
  }

  @Test
  void aHugeNameIsCutAndHugeFiguresDoNotOverflowTheTotals() {
    String name = "a".repeat(1500);
    String row = "   1:   999999999999999999   999999999999999999  %s%n".formatted(name);

    ClassHistogram histogram = ClassHistogram.parse(row.repeat(20), 100);

    assertThat(histogram.classes()).hasSize(20);
    assertThat(histogram.classes().getFirst().name()).hasSize(ClassHistogram.NAME_LENGTH);
    assertThat(histogram.totalBytes()).isEqualTo(Long.MAX_VALUE);
  }

  private static String recorded() throws IOException {
    try (InputStream in = ClassHistogramTest.class.getResourceAsStream("class-histogram.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
