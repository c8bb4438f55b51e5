package dev.paddock.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/**
 * A look into an app's JVM: its threads, its heap's largest classes, its GC log, its native memory,
 * a flight recording.
 */
@Command(
    name = "diag",
    mixinStandardHelpOptions = true,
    description =
        "Thread dumps, heap histograms, GC logs, native memory and flight recordings of an app's"
            + " JVM.",
    subcommands = {
      DiagCommand.Threads.class,
      DiagCommand.Histogram.class,
      DiagCommand.Gc.class,
      DiagCommand.NativeMemory.class,
      DiagCommand.Record.class
    },
    footer = {
      "",
      "Examples:",
      "  paddock diag threads hello",
      "  paddock diag histogram hello --slot 1",
      "  paddock diag gc hello --lines 50",
      "  paddock diag native-memory hello",
      "  paddock diag record hello --seconds 30 -o hello.jfr"
    })
class DiagCommand {

  /** What every diagnostic takes: the app, its instance, and where the answer goes. */
  static class Options {
    @Parameters(paramLabel = "APP")
    String app;

    @Option(
        names = "--slot",
        paramLabel = "N",
        description = "Which instance of the app (default: 0).")
    Integer slot;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FILE",
        description = "Write to this file instead of the standard output.")
    Path output;

    String query() {
      return slot == null ? "" : "?slot=" + slot;
    }
  }

  @Command(
      name = "threads",
      mixinStandardHelpOptions = true,
      description = "Print every thread's stack in the app's JVM.",
      footer = {"", "Example:", "  paddock diag threads hello --slot 1 -o threads.txt"})
  static class Threads implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Target target;
    @Mixin Options options;

    @Override
    public Integer call() {
      return text(spec, target, options, "threads", options.query());
    }
  }

  @Command(
      name = "histogram",
      mixinStandardHelpOptions = true,
      description = "Print the classes that take most of the app's heap (after a collection).",
      footer = {"", "Example:", "  paddock diag histogram hello"})
  static class Histogram implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Target target;
    @Mixin Options options;

    @Override
    public Integer call() {
      Client client = target.client();
      JsonNode histogram =
          client.get(client.app(options.app) + "/diagnostics/histogram" + options.query());
      StringBuilder table = new StringBuilder();
      table.append("%14s %12s  %s%n".formatted("BYTES", "INSTANCES", "CLASS"));
      for (JsonNode entry : histogram.path("classes")) {
        table.append(
            "%14d %12d  %s%s%n"
                .formatted(
                    entry.path("bytes").asLong(),
                    entry.path("instances").asLong(),
                    entry.path("name").asString(),
                    entry.path("module").isString()
                        ? " (" + entry.path("module").asString() + ")"
                        : ""));
      }
      table.append(
          "%14d %12d  total of the heap's live objects%n"
              .formatted(
                  histogram.path("totalBytes").asLong(),
                  histogram.path("totalInstances").asLong()));
      return write(spec, options.output, table.toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  @Command(
      name = "gc",
      mixinStandardHelpOptions = true,
      description = "Print the last lines of the app's GC log, oldest first.",
      footer = {"", "Example:", "  paddock diag gc hello --lines 50"})
  static class Gc implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Target target;
    @Mixin Options options;

    @Option(
        names = "--lines",
        paramLabel = "N",
        defaultValue = "200",
        description = "How many lines, 1 to 2000 (default: ${DEFAULT-VALUE}).")
    int lines;

    @Override
    public Integer call() {
      String query = (options.query().isEmpty() ? "?" : options.query() + "&") + "lines=" + lines;
      return text(spec, target, options, "gc", query);
    }
  }

  @Command(
      name = "native-memory",
      mixinStandardHelpOptions = true,
      description = "Print what the app's JVM has reserved and committed, by category (NMT).",
      footer = {"", "Example:", "  paddock diag native-memory hello"})
  static class NativeMemory implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Target target;
    @Mixin Options options;

    @Override
    public Integer call() {
      return text(spec, target, options, "native-memory", options.query());
    }
  }

  @Command(
      name = "record",
      mixinStandardHelpOptions = true,
      description = "Take a Java Flight Recording of the app's JVM and download the .jfr file.",
      footer = {"", "Example:", "  paddock diag record hello --seconds 30 -o hello.jfr"})
  static class Record implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Target target;
    @Mixin Options options;

    @Option(
        names = "--seconds",
        paramLabel = "N",
        defaultValue = "30",
        description = "How long to record, 1 to 120 (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Override
    public Integer call() throws InterruptedException {
      Client client = target.client();
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("seconds", seconds);
      if (options.slot != null) {
        body.put("slot", options.slot);
      }
      String recordings = client.app(options.app) + "/diagnostics/recordings";
      JsonNode started = client.post(recordings, body);
      String id = started.path("id").asString();
      PrintWriter err = spec.commandLine().getErr();
      err.printf("Recording %s for %d s…%n", id, seconds);
      err.flush();
      while (true) {
        Client.Raw answer = client.raw(recordings + "/" + id, Duration.ofMinutes(5));
        if (answer.status() == 200) {
          Path output =
              options.output != null ? options.output : Path.of(options.app + "-" + id + ".jfr");
          write(spec, output, answer.body());
          err.printf("Wrote %s (%d bytes)%n", output, answer.body().length);
          err.flush();
          return 0;
        }
        long wait = answer.headers().firstValueAsLong("Retry-After").orElse(1);
        Thread.sleep(Duration.ofSeconds(Math.clamp(wait, 1, 10)));
      }
    }
  }

  /** Fetches one of the app's diagnostics that are text, and prints it or saves it. */
  private static int text(
      CommandSpec spec, Target target, Options options, String what, String query) {
    Client client = target.client();
    Client.Raw text =
        client.raw(
            client.app(options.app) + "/diagnostics/" + what + query, Duration.ofSeconds(60));
    return write(spec, options.output, text.body());
  }

  private static int write(CommandSpec spec, Path output, byte[] bytes) {
    if (output == null) {
      PrintWriter out = spec.commandLine().getOut();
      out.print(new String(bytes, StandardCharsets.UTF_8));
      out.flush();
      return 0;
    }
    try {
      Files.write(output, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + output, e);
    }
    return 0;
  }
}
