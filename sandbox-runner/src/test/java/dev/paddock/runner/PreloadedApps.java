package dev.paddock.runner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * App JVMs started from the test classes with the listener library this module builds preloaded, as
 * a sandbox starts a runnable jar's; {@link #close} ends them all.
 */
final class PreloadedApps implements AutoCloseable {

  static final Path LIBRARY = Path.of("target/" + Listener.FILE_NAME).toAbsolutePath();
  private static final Path CLASSES = Path.of("target/test-classes").toAbsolutePath();
  private static final Duration DEADLINE = Duration.ofSeconds(10);

  private final Path dir;
  private final List<Process> processes = new ArrayList<>();

  PreloadedApps(Path dir) {
    this.dir = dir;
  }

  /**
   * Starts {@code main} with {@code PORT} and {@code PADDOCK_SOCKET}; returns once its first line
   * on stdout is {@code ready}.
   */
  Process start(Class<?> main, int port, Path socket, String ready)
      throws IOException, InterruptedException, ExecutionException, TimeoutException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = dir.resolve("stderr-" + processes.size() + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(java, "-cp", CLASSES.toString(), main.getName())
            .redirectError(log.toFile());
    builder.environment().put("LD_PRELOAD", LIBRARY.toString());
    builder.environment().put("PORT", Integer.toString(port));
    builder.environment().put("PADDOCK_SOCKET", socket.toString());
    Process process = builder.start();
    processes.add(process);
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line =
        CompletableFuture.supplyAsync(() -> firstLine(out))
            .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    if (!ready.equals(line)) {
      throw new IllegalStateException(
          main.getSimpleName() + " said " + line + " first: " + Files.readString(log));
    }
    return process;
  }

  /** The library's control socket in {@code process}. */
  static Path control(Process process) {
    return Path.of("/tmp/paddock-listen-" + process.pid() + ".sock");
  }

  private static String firstLine(BufferedReader out) {
    try {
      return out.readLine();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Ends the apps, and removes the control sockets they leave in /tmp. */
  @Override
  public void close() throws InterruptedException, IOException {
    for (Process process : processes) {
      process.destroyForcibly().waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS);
      Files.deleteIfExists(control(process));
    }
  }
}
