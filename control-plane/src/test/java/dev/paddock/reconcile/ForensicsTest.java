package dev.paddock.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ForensicsTest {

  /** Docker splits a log line at 16 KiB: the longest a tenant's line can be. */
  private static final List<String> FLOOD =
      IntStream.range(0, Forensics.TAIL)
          .mapToObj(i -> i + "\u001b[31m" + "x".repeat(16 * 1024))
          .toList();

  @Test
  void aDeathKeepsAtMostFortyShortLinesOfWhatTheSandboxWrote() {
    String death = Forensics.death("Sandbox s died", "killed", Optional.empty(), FLOOD);

    List<String> lines = death.lines().toList();
    assertThat(lines).hasSize(2 + 40);
    assertThat(lines.get(2)).startsWith("160\\u001b[31mxxx");
    assertThat(lines).allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(270));
    assertThat(death).doesNotContain("\u001b");
  }

  @Test
  void theKindOfJavaOutOfMemoryErrorIsNamedButCutToOneShortLine() {
    String cause =
        Forensics.cause(
            "exited with 3",
            List.of("java.lang.OutOfMemoryError: Java heap space" + "!".repeat(10_000)));

    assertThat(cause).startsWith("exited with 3; OutOfMemoryError: Java heap space!!");
    assertThat(cause.length()).isLessThan(300);
  }

  @Test
  void noLogLinesMeansNoHeading() {
    assertThat(Forensics.lastLines(List.of())).isEmpty();
  }
}
