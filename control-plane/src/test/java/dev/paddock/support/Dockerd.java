package dev.paddock.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Docker engine restarted as an operator would: stopped with SIGTERM (which stops its
 * containers) and started again the way it was running, so that it runs on after the test.
 */
public final class Dockerd {

  private Dockerd() {}

  /**
   * Stops dockerd and starts it again: through systemd when it runs the engine, otherwise with the
   * command line it ran with, in a session of its own, as {@code bin/host-setup} starts it. Returns
   * once the engine answers again. Needs root.
   */
  public static void restart() throws Exception {
    if (Files.isDirectory(Path.of("/run/systemd/system"))) {
      run("systemctl", "restart", "docker");
    } else {
      ProcessHandle dockerd =
          ProcessHandle.allProcesses()
              .filter(p -> p.info().command().map(c -> c.endsWith("/dockerd")).orElse(false))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("no dockerd is running"));
      List<String> line = new ArrayList<>(List.of("setsid"));
      line.addAll(
          Arrays.asList(
              Files.readString(Path.of("/proc", String.valueOf(dockerd.pid()), "cmdline"))
                  .split("\0")));
      dockerd.destroy();
      dockerd.onExit().get(120, TimeUnit.SECONDS);
      Path log = Files.createTempFile("dockerd", ".log");
      new ProcessBuilder(line)
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
    }
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(() -> Infrastructure.docker().pingCmd().exec() == null);
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).inheritIO().start();
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed");
    }
  }
}
