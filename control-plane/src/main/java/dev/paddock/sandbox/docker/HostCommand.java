package dev.paddock.sandbox.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A host command run to completion with its input given, its output kept (up to 64 KiB) for the
 * error message. The environment is not passed on.
 */
record HostCommand(List<String> argv, String input) {

  private static final int MAX_OUTPUT = 64 * 1024;

  HostCommand(String... argv) {
    this(List.of(argv), "");
  }

  /** Where commands run: here, or somewhere with the host's namespaces. Thread-safe. */
  interface Runner {
    Runner LOCAL = HostCommand::run;

    /** Runs the command to completion; throws {@link EgressException} when it cannot. */
    Result run(HostCommand command);
  }

  /** Output of a finished command. */
  record Result(int exit, String output) {
    boolean ok() {
      return exit == 0;
    }
  }

  /** Runs the command; throws {@link EgressException} when it cannot be started or hangs. */
  Result run() {
    try {
      ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
      builder.environment().keySet().removeIf(name -> !name.equals("PATH"));
      Process process = builder.start();
      try (OutputStream stdin = process.getOutputStream()) {
        stdin.write(input.getBytes(StandardCharsets.UTF_8));
      } catch (IOException stoppedReading) {
        // It exited before reading all of its input (a refusal): its exit and output say why.
      }
      String output = bounded(process.getInputStream());
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new EgressException(this + " did not finish in 60 s", null);
      }
      return new Result(process.exitValue(), output.strip());
    } catch (IOException e) {
      throw new EgressException("Cannot run " + this + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EgressException("Interrupted while running " + this, e);
    }
  }

  /** Runs the command; a non-zero exit is an {@link EgressException} with its output. */
  Result runOrThrow() {
    return orThrow(run());
  }

  /** The result of this command; a non-zero exit is an {@link EgressException} with its output. */
  Result orThrow(Result result) {
    if (!result.ok()) {
      throw new EgressException(
          this + " failed (exit " + result.exit() + "): " + result.output(), null);
    }
    return result;
  }

  private static String bounded(InputStream in) throws IOException {
    byte[] kept = in.readNBytes(MAX_OUTPUT);
    in.transferTo(OutputStream.nullOutputStream());
    return new String(kept, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return String.join(" ", argv);
  }
}
