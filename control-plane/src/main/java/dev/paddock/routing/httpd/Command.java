package dev.paddock.routing.httpd;

import dev.paddock.routing.RoutingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** An httpd command line run to completion, its output kept for the error message. */
record Command(List<String> argv) {

  /** Output of a finished command. */
  record Result(int exit, String output) {
    boolean ok() {
      return exit == 0;
    }
  }

  Result run() {
    try {
      Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new RoutingException(String.join(" ", argv) + " did not finish in 60 s", null);
      }
      return new Result(process.exitValue(), output.strip());
    } catch (IOException e) {
      throw new RoutingException("Cannot run " + String.join(" ", argv) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RoutingException("Interrupted while running " + argv.getFirst(), e);
    }
  }

  Result runOrThrow(String what) {
    Result result = run();
    if (!result.ok()) {
      throw new RoutingException(
          what + " failed (exit " + result.exit() + "): " + result.output(), null);
    }
    return result;
  }
}
