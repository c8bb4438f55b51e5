package dev.paddock.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProcessesTest {

  /**
   * A child of a process that never reaps it, as a daemon whose parent died is for a pid 1 that
   * reaps late: the JDK still calls it alive.
   */
  @Test
  void aZombieIsGoneAndALiveProcessIsNot() throws Exception {
    Process parent =
        new ProcessBuilder("sh", "-c", "sleep 0.2 & echo $!; exec sleep 30")
            .redirectErrorStream(true)
            .start();
    try (var out = new BufferedReader(new InputStreamReader(parent.getInputStream()))) {
      long child = Long.parseLong(out.readLine().strip());
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> Files.readString(Path.of("/proc/" + child + "/stat")).contains(") Z "));

      ProcessHandle zombie = ProcessHandle.of(child).orElseThrow();
      assertThat(zombie.isAlive()).as("the JDK's view").isTrue();
      assertThat(Processes.alive(zombie)).isFalse();
      assertThat(Processes.live(child)).isEmpty();
      assertThat(Processes.awaitExit(zombie, Duration.ZERO)).isTrue();

      assertThat(Processes.live(parent.pid())).isPresent();
      assertThat(Processes.awaitExit(parent.toHandle(), Duration.ofMillis(50))).isFalse();
    } finally {
      parent.destroyForcibly().waitFor();
    }
  }
}
