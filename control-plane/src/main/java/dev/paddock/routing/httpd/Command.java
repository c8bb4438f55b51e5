package dev.paddock.routing.httpd;

import dev.paddock.routing.RoutingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * An httpd command line run to completion, its output kept for the error message. It runs with only
 * the environment httpd needs: the control plane's holds the database password and the admin token,
 * and httpd passes its environment on to every worker, CGI and piped logger.
 */
record Command(List<String> argv) {

  private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  /** Output of a finished command. */
  record Result(int exit, String output) {
    boolean ok() {
      return exit == 0;
    }
  }

  Result run() {
    try {
      ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
      Map<String, String> env = builder.environment();
      Map<String, String> kept = environment(env);
      env.clear();
      env.putAll(kept);
      Process process = builder.start();
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

  /**
   * What a command keeps of the control plane's environment: {@code PATH} (a default when unset),
   * the locale and time zone, and Debian's {@code APACHE_*} settings that {@code apache2ctl} reads.
   */
  static Map<String, String> environment(Map<String, String> inherited) {
    Map<String, String> kept =
        inherited.entrySet().stream()
            .filter(e -> keeps(e.getKey()))
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    kept.putIfAbsent("PATH", PATH);
    return kept;
  }

  private static boolean keeps(String name) {
    return name.equals("PATH")
        || name.equals("LANG")
        || name.startsWith("LC_")
        || name.equals("TZ")
        || name.startsWith("APACHE_");
  }
}
