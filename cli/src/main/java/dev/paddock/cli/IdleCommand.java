package dev.paddock.cli;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** Shows or sets how long the app may stay idle before it sleeps. */
@Command(
    name = "idle",
    mixinStandardHelpOptions = true,
    description = {
      "Show or set how long the app may go without a request before it sleeps.",
      "A sleeping app runs no sandbox; its next request is held while one starts. 'never' turns"
          + " sleeping off and wakes the app."
    },
    footer = {
      "",
      "Examples:",
      "  paddock idle hello",
      "  paddock idle hello 15m",
      "  paddock idle hello never"
    })
class IdleCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin Target target;
  @Mixin Output output;

  @Parameters(index = "0", paramLabel = "APP")
  String app;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "TIME",
      description = "15m, 2h, 1d, an ISO-8601 duration such as PT15M, or never.")
  String time;

  @Override
  public Integer call() {
    Client client = target.client();
    String path = client.app(app) + "/idle";
    JsonNode idle = time == null ? client.get(path) : client.put(path, request(time));
    PrintWriter out = spec.commandLine().getOut();
    if (!output.printedJson(out, idle)) {
      out.printf(
          "%s sleeps after %s%s%n",
          app,
          shown(idle.path("sleepAfter")),
          idle.path("asleep").asBoolean() ? " (asleep now)" : "");
    }
    return 0;
  }

  /** The body that sets {@code time}: {@code {"sleepAfter": "PT15M"}}, or null for never. */
  static Map<String, Object> request(String time) {
    Map<String, Object> request = new HashMap<>();
    request.put("sleepAfter", duration(time));
    return request;
  }

  /** {@code 15m}, {@code 2h}, {@code 1d} as ISO-8601; an ISO duration as it is; never as null. */
  static String duration(String time) {
    String text = time.strip().toLowerCase(Locale.ROOT);
    if (text.equals("never")) {
      return null;
    }
    if (text.matches("\\d+[smh]")) {
      return "PT" + text.toUpperCase(Locale.ROOT);
    }
    if (text.matches("\\d+d")) {
      return "P" + text.toUpperCase(Locale.ROOT);
    }
    return time.strip();
  }

  /** An idle time as the API gave it, or "never". */
  static String shown(JsonNode sleepAfter) {
    return sleepAfter.isNull() || sleepAfter.isMissingNode() ? "never" : sleepAfter.asString();
  }
}
