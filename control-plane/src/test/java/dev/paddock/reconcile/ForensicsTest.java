package dev.paddock.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ForensicsTest {

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
}
