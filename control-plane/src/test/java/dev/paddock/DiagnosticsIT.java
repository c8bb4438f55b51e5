package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.support.Api;
import dev.paddock.support.InProcessPaddock;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.Tenancy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Looking into a running app's JVM through the API and the command line: a thread dump, the live
 * heap's largest classes, the GC log, native memory and a flight recording, for developers and up,
 * audited, and nothing of it for viewers or other tenants.
 */
class DiagnosticsIT extends InProcessPaddock {

  private static final Path CLI =
      Path.of(System.getProperty("paddock.repo.root", ".."), "cli", "target", "paddock-cli.jar");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  // One deployed app for every test: a deploy takes seconds, and no test changes it.
  private static Tenancy acme;
  private static String developer;
  private static String viewer;

  @TempDir Path temp;

  @BeforeEach
  void deployedOnce() {
    if (acme != null) {
      return;
    }
    Tenancy tenancy = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("diag"));
    tenancy.createApp("web");
    assertThat(tenancy.awaitDeploy("web", tenancy.uploadAndDeploy("web", hello())))
        .isEqualTo("live");
    developer = token(tenancy, "dev", "developer");
    viewer = token(tenancy, "reader", "viewer");
    acme = tenancy;
  }

  @AfterAll
  static void cleanUp() {
    if (acme != null) {
      acme.deleteApp("web", INSTALLATION);
    }
  }

  @Test
  void aThreadDumpOfAHandlerAppNamesTheThreadsThatServeItsHandler() {
    var dump = api().get(diagnostics("threads"), developer);

    assertThat(dump.status()).as(dump.body()).isEqualTo(200);
    assertThat(dump.contentType()).startsWith("text/plain");
    // The runner's Jetty pool, named "http", serves the handler.
    assertThat(dump.body())
        .contains("Full thread dump")
        .containsPattern("\"http-\\d+\"")
        .contains("org.eclipse.jetty.util.thread.QueuedThreadPool");
    assertThat(api().get(diagnostics("threads?slot=0"), acme.token()).status()).isEqualTo(200);
  }

  @Test
  void aRunnableJarIsLookedIntoTheSameWay() {
    acme.createApp("runnable");
    try {
      assertThat(
              acme.awaitDeploy(
                  "runnable", acme.uploadAndDeploy("runnable", Api.example("hello-runnable"))))
          .isEqualTo("live");
      String base = acme.apps() + "/runnable/diagnostics/";

      var dump = api().get(base + "threads", developer);
      assertThat(dump.status()).as(dump.body()).isEqualTo(200);
      // The JDK's own HTTP server that the app's main method started, beside the runner's.
      assertThat(dump.body()).contains("\"HTTP-Dispatcher\"");
      var histogram = api().get(base + "histogram", developer);
      assertThat(histogram.status()).as(histogram.body()).isEqualTo(200);
      assertThat(histogram.json().get("classes").size()).isPositive();
      // The histogram's full collection is in the GC log that the runnable jar's JVM writes too.
      var gc = api().get(base + "gc", developer);
      assertThat(gc.status()).as(gc.body()).isEqualTo(200);
      assertThat(gc.body()).contains("Pause Full");
      var nativeMemory = api().get(base + "native-memory", developer);
      assertThat(nativeMemory.status()).as(nativeMemory.body()).isEqualTo(200);
      assertThat(nativeMemory.body()).contains("Native Memory Tracking", "Java Heap");
    } finally {
      acme.deleteApp("runnable", INSTALLATION);
    }
  }

  @Test
  void aTenantWhoseThreadDumpRunsToMegabytesGetsItCutAtFourMebibytes() {
    acme.createApp("attacker");
    try {
      assertThat(
              acme.awaitDeploy(
                  "attacker", acme.uploadAndDeploy("attacker", Api.example("attacker"))))
          .isEqualTo("live");
      assertThat(Api.edge(EDGE_PORT, acme.host("attacker"), "/attack/dump").body())
          .contains("parked 60 threads");

      var dump = api().get(acme.apps() + "/attacker/diagnostics/threads", developer);

      assertThat(dump.status()).as(dump.body()).isEqualTo(200);
      assertThat(dump.contentType()).startsWith("text/plain");
      assertThat(dump.body().length()).isBetween(4_000_000, (4 << 20) + 1024);
      assertThat(dump.body()).contains("Full thread dump").endsWith("characters]\n");
    } finally {
      acme.deleteApp("attacker", INSTALLATION);
    }
  }

  @Test
  void aHistogramListsTheLiveHeapsLargestClassesFirst() {
    var answer = api().get(diagnostics("histogram"), developer);

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    JsonNode histogram = answer.json();
    List<JsonNode> classes =
        StreamSupport.stream(histogram.get("classes").spliterator(), false).toList();
    assertThat(classes).hasSizeBetween(20, 100);
    assertThat(classes)
        .isSortedAccordingTo(
            Comparator.comparingLong((JsonNode c) -> c.get("bytes").asLong()).reversed());
    assertThat(classes).allMatch(c -> c.get("instances").asLong() > 0);
    assertThat(classes)
        .extracting(c -> c.get("name").asString())
        .contains("[B", "java.lang.String");
    long listed = classes.stream().mapToLong(c -> c.get("bytes").asLong()).sum();
    assertThat(histogram.get("totalBytes").asLong()).isGreaterThanOrEqualTo(listed);
    assertThat(histogram.get("slot").asInt()).isZero();
  }

  @Test
  void theGcLogsLastLinesShowTheCollectionsAsManyLinesAsAsked() {
    for (int i = 0; i < 50; i++) {
      Api.edge(EDGE_PORT, acme.host("web"), "/");
    }
    // A histogram collects the whole heap first: one collection the log must show.
    assertThat(api().get(diagnostics("histogram"), developer).status()).isEqualTo(200);

    var log = api().get(diagnostics("gc"), developer);
    assertThat(log.status()).as(log.body()).isEqualTo(200);
    assertThat(log.contentType()).startsWith("text/plain");
    assertThat(log.body()).contains("Pause Full").containsPattern("\\[gc[ ,]");
    assertThat(log.body().lines()).hasSizeBetween(10, 200);

    var five = api().get(diagnostics("gc?lines=5&slot=0"), developer);
    assertThat(five.status()).as(five.body()).isEqualTo(200);
    assertThat(five.body().lines()).hasSize(5).allMatch(line -> line.startsWith("["));

    for (String lines : List.of("0", "2001", "-3")) {
      var refused = api().get(diagnostics("gc?lines=" + lines), developer);
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.text("detail")).contains("lines must be between 1 and 2000");
    }
  }

  @Test
  void theNativeMemorySummaryCountsTheJvmsMemoryByCategory() {
    var summary = api().get(diagnostics("native-memory?slot=0"), developer);

    assertThat(summary.status()).as(summary.body()).isEqualTo(200);
    assertThat(summary.contentType()).startsWith("text/plain");
    assertThat(summary.body())
        .contains("Native Memory Tracking", "Total: reserved=", "Java Heap", "Thread");
  }

  @Test
  void aFiveSecondRecordingDownloadsAsAFlightRecordingThatTheJdkReads() throws IOException {
    String recordings = diagnostics("recordings");
    var started = api().post(recordings, developer, Map.of("seconds", 5));
    assertThat(started.status()).as(started.body()).isEqualTo(201);
    String id = started.text("id");
    assertThat(started.text("status")).isEqualTo("running");

    var second = api().post(recordings, developer, Map.of("seconds", 5, "slot", 0));
    assertThat(second.status()).as(second.body()).isEqualTo(409);
    var early = api().get(recordings + "/" + id, developer);
    assertThat(early.status()).isEqualTo(202);
    assertThat(early.contentType()).startsWith("application/problem+json");
    assertThat(early.headers().firstValue("Retry-After")).isPresent();

    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> download(recordings + "/" + id, developer).statusCode() == 200);
    HttpResponse<byte[]> done = download(recordings + "/" + id, developer);
    assertThat(done.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
    assertThat(done.headers().firstValue("Content-Disposition").orElseThrow()).contains(".jfr");
    Path jfr = Files.write(temp.resolve("web.jfr"), done.body());

    List<String> types =
        RecordingFile.readAllEvents(jfr).stream()
            .map(RecordedEvent::getEventType)
            .map(t -> t.getName())
            .distinct()
            .toList();
    assertThat(types).contains("jdk.JVMInformation", "jdk.CPULoad");
    Path tool = Path.of(System.getProperty("java.home"), "bin", "jfr");
    if (Files.isExecutable(tool)) {
      assertThat(run(List.of(tool.toString(), "summary", jfr.toString())).out())
          .contains("jdk.JVMInformation");
    }
  }

  @Test
  void badRequestsSayWhatToDo() {
    String recordings = diagnostics("recordings");
    for (Object seconds : new Object[] {0, 121, -1}) {
      var refused = api().post(recordings, developer, Map.of("seconds", seconds));
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.contentType()).startsWith("application/problem+json");
      assertThat(refused.text("detail")).contains("seconds must be between 1 and 120");
    }
    assertThat(api().post(recordings, developer, "{}").text("detail"))
        .contains("seconds must be between 1 and 120");

    var slot = api().get(diagnostics("threads?slot=1"), developer);
    assertThat(slot.status()).isEqualTo(400);
    assertThat(slot.text("detail")).contains("slot must be between 0 and 0");
    assertThat(api().post(recordings, developer, Map.of("seconds", 5, "slot", 7)).status())
        .isEqualTo(400);

    acme.createApp("idle");
    try {
      var idle = api().get(acme.apps() + "/idle/diagnostics/histogram", developer);
      assertThat(idle.status()).isEqualTo(409);
      assertThat(idle.text("detail")).contains("no running instance", "deploy");
    } finally {
      acme.deleteApp("idle", INSTALLATION);
    }
    assertThat(api().get(recordings + "/nonexistent", developer).status()).isEqualTo(404);
  }

  @Test
  void aViewerIsRefusedEveryDiagnosticAndAnotherTenantFindsNone() {
    // Refused before the recording is looked for: whether it exists is not told either.
    String started = "0123456789abcdef0123456789abcdef";
    Tenancy other = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("other"));

    for (String token : List.of(viewer, other.token())) {
      int expected = token.equals(viewer) ? 403 : 404;
      assertThat(api().get(diagnostics("threads"), token).status()).isEqualTo(expected);
      assertThat(api().get(diagnostics("histogram"), token).status()).isEqualTo(expected);
      assertThat(api().get(diagnostics("gc"), token).status()).isEqualTo(expected);
      assertThat(api().get(diagnostics("native-memory"), token).status()).isEqualTo(expected);
      assertThat(api().post(diagnostics("recordings"), token, Map.of("seconds", 5)).status())
          .isEqualTo(expected);
      var recording = api().get(diagnostics("recordings/" + started), token);
      assertThat(recording.status()).isEqualTo(expected);
      assertThat(recording.contentType()).startsWith("application/problem+json");
    }
  }

  @Test
  void everyLookIsInTheAuditLogRefusalsIncluded() {
    assertThat(api().get(diagnostics("threads"), developer).status()).isEqualTo(200);
    assertThat(api().get(diagnostics("histogram"), viewer).status()).isEqualTo(403);
    assertThat(api().get(diagnostics("gc?lines=3"), developer).status()).isEqualTo(200);
    assertThat(api().get(diagnostics("native-memory"), viewer).status()).isEqualTo(403);

    String audit = "api/v1/tenants/" + acme.tenant() + "/audit";
    List<String> entries =
        StreamSupport.stream(api().get(audit, acme.token()).json().spliterator(), false)
            .map(
                e ->
                    String.join(
                        " ",
                        e.get("actor").asString(),
                        e.get("role").asString(),
                        e.get("method").asString(),
                        e.get("path").asString(),
                        e.get("status").asString()))
            .toList();
    assertThat(entries.reversed())
        .containsSubsequence(
            "token:dev developer GET /" + diagnostics("threads") + " 200",
            "token:reader viewer GET /" + diagnostics("histogram") + " 403",
            "token:dev developer GET /" + diagnostics("gc") + " 200",
            "token:reader viewer GET /" + diagnostics("native-memory") + " 403");
  }

  @Test
  void theCommandLineDumpsThreadsListsTheHeapAndDownloadsARecording() throws IOException {
    assertThat(CLI).as("build it first: ./mvnw -pl cli package").exists();
    Path config = temp.resolve("config.json");
    Run login =
        cli(
            config,
            "login",
            "--url",
            "http://127.0.0.1:" + port,
            "--token",
            developer,
            "--tenant",
            acme.tenant());
    assertThat(login.exit()).as(login.err()).isZero();

    Run threads = cli(config, "diag", "threads", "web");
    assertThat(threads.exit()).as(threads.err()).isZero();
    assertThat(threads.out()).containsPattern("\"http-\\d+\"");

    Run histogram = cli(config, "diag", "histogram", "web", "--slot", "0");
    assertThat(histogram.exit()).as(histogram.err()).isZero();
    assertThat(histogram.out()).contains("BYTES", "java.lang.String");

    Run gc = cli(config, "diag", "gc", "web", "--lines", "3");
    assertThat(gc.exit()).as(gc.err()).isZero();
    assertThat(gc.out().lines()).hasSize(3);

    Run nativeMemory = cli(config, "diag", "native-memory", "web", "--slot", "0");
    assertThat(nativeMemory.exit()).as(nativeMemory.err()).isZero();
    assertThat(nativeMemory.out()).contains("Native Memory Tracking", "Java Heap");

    Path jfr = temp.resolve("cli.jfr");
    Run record = cli(config, "diag", "record", "web", "--seconds", "2", "-o", jfr.toString());
    assertThat(record.exit()).as(record.err()).isZero();
    assertThat(RecordingFile.readAllEvents(jfr)).isNotEmpty();

    Run refused = cli(config, "diag", "record", "web", "--seconds", "500");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("seconds must be between 1 and 120");
  }

  private static Path hello() {
    return Api.example("hello-handler");
  }

  private String diagnostics(String what) {
    return acme.apps() + "/web/diagnostics/" + what;
  }

  private String token(Tenancy tenancy, String name, String role) {
    var minted =
        api()
            .post(
                "api/v1/tenants/" + tenancy.tenant() + "/tokens",
                tenancy.token(),
                Map.of("name", name, "role", role));
    assertThat(minted.status()).as(minted.body()).isEqualTo(201);
    return minted.text("token");
  }

  private HttpResponse<byte[]> download(String path, String token) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/" + path))
            .header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(30))
            .GET()
            .build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** One run of a process: its exit code and what it printed. */
  record Run(int exit, String out, String err) {}

  private Run cli(Path config, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(CLI.toString());
    command.addAll(List.of(args));
    return run(command, Map.of("PADDOCK_CONFIG", config.toString(), "NO_COLOR", "1"));
  }

  private Run run(List<String> command) {
    return run(command, Map.of());
  }

  private Run run(List<String> command, Map<String, String> env) {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    try {
      Path out = Files.createTempFile(temp, "out", ".txt");
      Path err = Files.createTempFile(temp, "err", ".txt");
      Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      process.getOutputStream().close();
      if (!process.waitFor(3, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError(String.join(" ", command) + " did not end");
      }
      return new Run(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
