package dev.paddock.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * The app's memory, CPU and request rate per instance over the window the API keeps: a small chart
 * on a terminal, a plain table of the readings elsewhere (or with NO_COLOR).
 */
@Command(
    name = "metrics",
    mixinStandardHelpOptions = true,
    description = {
      "Chart each instance's memory, CPU and requests over the API's window.",
      "Not on a terminal, or with NO_COLOR, it prints the readings as a table instead."
    },
    footer = {
      "",
      "Examples:",
      "  paddock metrics hello",
      "  paddock metrics hello --last PT15M",
      "  paddock metrics hello --json | jq '.instances[0].samples[-1]'"
    })
class MetricsCommand implements Callable<Integer> {

  private static final int LABEL = 10;

  @Spec CommandSpec spec;
  @Mixin Target target;
  @Mixin Output output;

  @Parameters(paramLabel = "APP")
  String app;

  @Option(
      names = "--last",
      paramLabel = "DURATION",
      description = "How far back, as ISO-8601 (PT15M); the whole window by default.")
  String last;

  @Option(names = "--width", description = "Chart columns (default: fit the terminal).")
  Integer width;

  @Override
  public Integer call() {
    Client client = target.client();
    String path = client.app(app) + "/metrics" + (last == null ? "" : "?last=" + last);
    JsonNode metrics = client.get(path);
    PrintWriter out = spec.commandLine().getOut();
    if (output.printedJson(out, metrics)) {
      return 0;
    }
    if (metrics.path("instances").isEmpty()) {
      out.printf(
          "No readings of %s in the last %s: it runs no instance, or none was sampled yet%n",
          app, last == null ? metrics.path("window").asString() : last);
    } else if (Terminal.colour()) {
      charts(out, metrics);
    } else {
      table(out, metrics);
    }
    out.flush();
    return 0;
  }

  private void charts(PrintWriter out, JsonNode metrics) {
    int columns = width != null ? width : Math.max(20, Math.min(72, Terminal.columns() - 40));
    for (JsonNode instance : metrics.path("instances")) {
      JsonNode samples = instance.path("samples");
      out.printf(
          "%s (slot %d, %s): %d readings, every %s%n",
          instance.path("sandbox").asString(),
          instance.path("slot").asInt(),
          AppsCommand.release(instance.path("release")),
          samples.size(),
          metrics.path("interval").asString());
      List<Double> memory = series(samples, p -> number(p, "memoryBytes"));
      double limit =
          samples.isEmpty()
              ? 0
              : samples.get(samples.size() - 1).path("memoryLimitBytes").asDouble();
      line(
          out,
          "memory",
          memory,
          Math.max(limit, Chart.max(memory)),
          columns,
          "%s of %s".formatted(Sizes.bytes(lastOf(memory).longValue()), Sizes.bytes((long) limit)));
      List<Double> cpu = series(samples, p -> number(p, "cpuPercent"));
      line(
          out,
          "cpu",
          cpu,
          Math.max(100, Chart.max(cpu)),
          columns,
          String.format(Locale.ROOT, "%.0f%% (max %.0f%%)", lastOf(cpu), Chart.max(cpu)));
      List<Double> requests = series(samples, p -> number(p, "requestsPerSecond"));
      line(
          out,
          "requests",
          requests,
          Chart.max(requests),
          columns,
          String.format(Locale.ROOT, "%.1f/s (max %.1f/s)", lastOf(requests), Chart.max(requests)));
    }
  }

  private static void line(
      PrintWriter out, String label, List<Double> series, double top, int columns, String now) {
    out.printf(
        "  %-" + LABEL + "s\u001b[36m%s\u001b[0m  %s%n",
        label,
        Chart.sparkline(series, top, columns),
        now);
  }

  private static void table(PrintWriter out, JsonNode metrics) {
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode instance : metrics.path("instances")) {
      for (JsonNode point : instance.path("samples")) {
        rows.add(
            List.of(
                instance.path("sandbox").asString(),
                Output.text(point, "at"),
                Sizes.bytes(point.path("memoryBytes").asLong()),
                Sizes.bytes(point.path("memoryLimitBytes").asLong()),
                decimal(number(point, "cpuPercent")),
                decimal(number(point, "requestsPerSecond"))));
      }
    }
    Terminal.table(out, List.of("INSTANCE", "AT", "MEMORY", "LIMIT", "CPU%", "REQ/S"), rows);
  }

  private static List<Double> series(JsonNode samples, Function<JsonNode, Double> value) {
    List<Double> series = new ArrayList<>();
    samples.forEach(point -> series.add(value.apply(point)));
    return series;
  }

  private static Double number(JsonNode point, String field) {
    JsonNode value = point.path(field);
    return value.isNumber() ? value.asDouble() : null;
  }

  private static Double lastOf(List<Double> series) {
    for (int i = series.size() - 1; i >= 0; i--) {
      if (series.get(i) != null) {
        return series.get(i);
      }
    }
    return 0.0;
  }

  private static String decimal(Double value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%.1f", value);
  }
}
