package dev.paddock.diagnostics;

import dev.paddock.app.App;
import dev.paddock.app.Writable;
import dev.paddock.sandbox.ClassHistogram;
import dev.paddock.sandbox.RunnerDiagnostics;
import dev.paddock.sandbox.Sandbox;
import dev.paddock.web.ApiException;
import dev.paddock.web.ProblemType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * An app's JVM, looked into on demand: a thread dump, the live heap's largest classes and flight
 * recordings, each of one instance's sandbox ({@link MemoryDiagnosticsController} has the GC log
 * and native memory). For developers and up (they show what the app holds and does); viewers are
 * refused, other tenants find no app.
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenant}/apps/{app}/diagnostics")
class DiagnosticsController {

  /** How many classes a histogram lists. */
  static final int TOP_CLASSES = 100;

  static final int MAX_SECONDS = 120;

  private static final MediaType TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);

  private final RunningSandboxes sandboxes;
  private final Recordings recordings;
  private final RunnerDiagnostics runner;
  private final Clock clock;
  private final DiagnosticTurns turns;

  DiagnosticsController(
      RunningSandboxes sandboxes,
      Recordings recordings,
      DiagnosticsProperties properties,
      DiagnosticTurns turns,
      Clock clock) {
    this.clock = clock;
    this.turns = turns;
    this.sandboxes = sandboxes;
    this.recordings = recordings;
    this.runner = new RunnerDiagnostics(properties.timeout());
  }

  /** Every platform thread's stack, as the JVM prints it; cut past a few MiB. */
  @GetMapping("/threads")
  ResponseEntity<String> threads(@Writable App app, @RequestParam(required = false) Integer slot) {
    Sandbox sandbox = sandboxes.of(app, slot);
    RunnerDiagnostics.Text dump = answer(app, () -> runner.threads(sandbox.admin()));
    String text = dump.cut() ? dump.text() + "\n[cut: the dump was longer]\n" : dump.text();
    return ResponseEntity.ok().contentType(TEXT).header("Cache-Control", "no-store").body(text);
  }

  /**
   * @param classes the largest classes by bytes, largest first, at most {@value #TOP_CLASSES}
   * @param totalInstances of every class the JVM listed
   * @param totalBytes of every class the JVM listed
   */
  record Histogram(
      int slot,
      Instant at,
      List<ClassHistogram.Entry> classes,
      long totalInstances,
      long totalBytes) {}

  /** The live heap's largest classes (the sandbox's JVM collects garbage first). */
  @GetMapping("/histogram")
  Histogram histogram(@Writable App app, @RequestParam(required = false) Integer slot) {
    Sandbox sandbox = sandboxes.of(app, slot);
    ClassHistogram histogram = answer(app, () -> runner.histogram(sandbox.admin(), TOP_CLASSES));
    return new Histogram(
        sandbox.slot(),
        clock.instant(),
        histogram.classes(),
        histogram.totalInstances(),
        histogram.totalBytes());
  }

  /** A recording to take: {@code seconds} from 1 to 120, of {@code slot} (0 when absent). */
  record RecordingRequest(Integer seconds, Integer slot) {}

  /** A recording and where it is: {@code running}, {@code failed} (with why) or {@code done}. */
  record RecordingView(
      String id, int slot, int seconds, Instant started, String status, String error, Long size) {

    static RecordingView of(Recordings.Recording r) {
      return switch (r.state()) {
        case Recordings.State.Running running ->
            new RecordingView(r.id(), r.slot(), r.seconds(), r.started(), "running", null, null);
        case Recordings.State.Failed failed ->
            new RecordingView(
                r.id(), r.slot(), r.seconds(), r.started(), "failed", failed.reason(), null);
        case Recordings.State.Done done ->
            new RecordingView(
                r.id(), r.slot(), r.seconds(), r.started(), "done", null, done.size());
      };
    }
  }

  /** Starts a flight recording; {@code 201} with its id at once, the file once it is done. */
  @PostMapping("/recordings")
  ResponseEntity<RecordingView> record(@Writable App app, @RequestBody RecordingRequest request) {
    if (request.seconds() == null || request.seconds() < 1 || request.seconds() > MAX_SECONDS) {
      throw new InvalidSecondsException(request.seconds());
    }
    Sandbox sandbox = sandboxes.of(app, request.slot());
    Recordings.Recording recording =
        recordings.start(app.tenant().id(), app.id(), sandbox, request.seconds());
    return ResponseEntity.status(HttpStatus.CREATED)
        .header(
            HttpHeaders.LOCATION,
            "/api/v1/tenants/%s/apps/%s/diagnostics/recordings/%s"
                .formatted(app.tenant().name(), app.name(), recording.id()))
        .body(RecordingView.of(recording));
  }

  /**
   * The recording's {@code .jfr} once done; while it runs {@code 202} (a problem saying when to ask
   * again), and when it failed {@code 502} with why.
   */
  @GetMapping("/recordings/{id}")
  ResponseEntity<Resource> recording(@Writable App app, @PathVariable String id) {
    Recordings.Recording recording = recordings.get(app.id(), id);
    return switch (recording.state()) {
      case Recordings.State.Running running ->
          throw new RecordingRunningException(recording, clock.instant());
      case Recordings.State.Failed failed -> throw new RecordingFailedException(failed.reason());
      case Recordings.State.Done done ->
          ResponseEntity.ok()
              .contentType(MediaType.APPLICATION_OCTET_STREAM)
              .contentLength(done.size())
              .header(
                  HttpHeaders.CONTENT_DISPOSITION,
                  ContentDisposition.attachment()
                      .filename(
                          "%s-%s-slot%d-%s.jfr"
                              .formatted(app.tenant().name(), app.name(), recording.slot(), id))
                      .build()
                      .toString())
              .body(new FileSystemResource(done.file()));
    };
  }

  private <T> T answer(App app, Supplier<T> diagnostic) {
    try {
      return turns.take(app.tenant().id(), diagnostic);
    } catch (RunnerDiagnostics.DiagnosticsFailedException e) {
      throw new SandboxNotAnsweringException(e.getMessage());
    }
  }

  /** A recording's length out of range. */
  static class InvalidSecondsException extends ApiException {
    InvalidSecondsException(Integer seconds) {
      super(
          ProblemType.INVALID_SECONDS,
          "seconds must be between 1 and %d, got %s: for a longer look, take several recordings"
              .formatted(MAX_SECONDS, seconds));
    }
  }

  /** The sandbox did not give a diagnostic: not in time, too large, or not one at all. */
  static class SandboxNotAnsweringException extends ApiException {
    SandboxNotAnsweringException(String why) {
      super(
          ProblemType.SANDBOX_NOT_ANSWERING,
          "No diagnostic from the app's sandbox: %s. Try again; if it goes on, the JVM may be"
                  .formatted(why)
              + " too busy or out of memory: look at its metrics and logs, or restart the app.");
    }
  }

  /** A recording still running: ask again when it should be done. */
  static class RecordingRunningException extends ApiException {
    private final long retryAfter;

    RecordingRunningException(Recordings.Recording recording, Instant now) {
      super(
          ProblemType.RECORDING_NOT_DONE,
          "The recording runs until %s: ask again then for the .jfr file."
              .formatted(recording.started().plusSeconds(recording.seconds())));
      Duration left = Duration.between(now, recording.started().plusSeconds(recording.seconds()));
      this.retryAfter = Math.max(1, left.toSeconds() + 1);
    }

    @Override
    public HttpHeaders headers() {
      HttpHeaders headers = new HttpHeaders();
      headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter));
      return headers;
    }
  }

  /** A recording that the sandbox did not give. */
  static class RecordingFailedException extends ApiException {
    RecordingFailedException(String why) {
      super(
          ProblemType.RECORDING_FAILED,
          "The sandbox gave no recording: %s. Start another one (POST .../diagnostics/recordings)."
              .formatted(why));
    }
  }
}
