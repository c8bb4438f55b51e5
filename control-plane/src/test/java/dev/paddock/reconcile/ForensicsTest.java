package dev.paddock.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.jvm.MemoryCalculator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class ForensicsTest {

  @Test
  void aMemoryDeathKeepsTheLogLinesThatTellOfTheHeapFillingAndOnlyThose() {
    List<String> logs =
        List.of(
            "paddock-runner: starting handler mode",
            "paddock-runner: GC: heap after collection 105 MiB of 138 MiB (76%), growing 18708 KiB/s",
            "GET / 200",
            "paddock-runner: GC: heap after collection 126 MiB of 138 MiB (91%), growing 18350 KiB/s",
            "Terminating due to java.lang.OutOfMemoryError: Java heap space");

    assertThat(Forensics.memoryLines(Forensics.cause("exited with code 3", logs), logs))
        .containsExactly(logs.get(1), logs.get(3), logs.get(4));
    assertThat(Forensics.memoryLines("killed for exceeding its memory limit (OOMKilled)", logs))
        .hasSize(3);
    assertThat(Forensics.memoryLines("exited with code 1", logs)).isEmpty();
  }

  @Test
  void aMemoryDeathKeepsAtMostTwentyLines() {
    List<String> logs =
        IntStream.range(0, 100).mapToObj(i -> "java.lang.OutOfMemoryError: " + i).toList();

    assertThat(Forensics.memoryLines("exited with code 3; OutOfMemoryError: 99", logs))
        .hasSize(Forensics.MEMORY_LINES)
        .endsWith("java.lang.OutOfMemoryError: 99");
  }

  @Test
  void anAppsOwnExitCodeThreeIsNotReadAsOutOfMemory() {
    assertThat(Forensics.cause("exited with code 3", List.of("bye", "exiting with 3")))
        .isEqualTo("exited with code 3");
  }

  @Test
  void theJvmsOwnMessageMakesExitCodeThreeAnOutOfMemoryDeath() {
    List<String> logs =
        List.of(
            "Filling the heap", "Terminating due to java.lang.OutOfMemoryError: Java heap space");

    assertThat(Forensics.cause("exited with code 3", logs))
        .isEqualTo("the JVM ran out of memory (OutOfMemoryError: Java heap space, exit code 3)");
  }

  @Test
  void theJvmsMessageMattersOnlyWithItsExitCode() {
    List<String> logs = List.of("Terminating due to java.lang.OutOfMemoryError: Metaspace");

    assertThat(Forensics.cause("exited with code 30", logs))
        .isEqualTo("exited with code 30; OutOfMemoryError: Metaspace");
  }

  @Test
  void aMemoryKillNamesTheJavaOutOfMemoryErrorTheLogShows() {
    List<String> logs = List.of("java.lang.OutOfMemoryError: Direct buffer memory");

    assertThat(Forensics.cause("killed for exceeding its memory limit (exit code 137)", logs))
        .isEqualTo(
            "killed for exceeding its memory limit (exit code 137); OutOfMemoryError: Direct buffer memory");
  }

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

  @Test
  void aMemoryKillNamesTheLimitAndHowTheJvmSplitIt() {
    String cause =
        Forensics.cause(
            "killed for exceeding its memory limit (exit code 137)",
            List.of(),
            MemoryCalculator.size(DataSize.ofMegabytes(256), false, 12_291));

    assertThat(cause)
        .isEqualTo(
            "killed for exceeding its memory limit (exit code 137); memory limit 256MiB reached"
                + " with heap max 84MiB, metaspace max 54MiB, code cache 32MiB, thread stacks"
                + " 50MiB (50 × 1MiB) and direct memory 10MiB: the rest was native memory beyond"
                + " them");
  }

  @Test
  void aJavaOutOfMemoryErrorIsNotAMemoryKillAndKeepsItsOwnWords() {
    String cause =
        Forensics.cause(
            "exited with code 3",
            List.of("Terminating due to java.lang.OutOfMemoryError: Java heap space"),
            MemoryCalculator.size(DataSize.ofMegabytes(256), true, 1));

    assertThat(cause)
        .isEqualTo("the JVM ran out of memory (OutOfMemoryError: Java heap space, exit code 3)");
  }
}
