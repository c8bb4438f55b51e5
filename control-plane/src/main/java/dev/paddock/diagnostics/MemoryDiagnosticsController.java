package dev.paddock.diagnostics;

import dev.paddock.app.App;
import dev.paddock.app.Writable;
import dev.paddock.sandbox.RunnerDiagnostics;
import dev.paddock.sandbox.Sandbox;
import dev.paddock.web.ApiException;
import dev.paddock.web.ProblemType;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * An app's JVM's memory as the JVM itself tells it, as text: the GC log's last lines and native
 * memory tracking's summary, of one instance's sandbox. Like the other diagnostics: developers and
 * up, bounded in size and time, in the tenant's turns, audited.
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenant}/apps/{app}/diagnostics")
class MemoryDiagnosticsController {

  static final int DEFAULT_LINES = 200;
  static final int MAX_LINES = 2000;

  private static final MediaType TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);

  private final RunningSandboxes sandboxes;
  private final RunnerDiagnostics runner;
  private final DiagnosticTurns turns;

  MemoryDiagnosticsController(
      RunningSandboxes sandboxes, DiagnosticsProperties properties, DiagnosticTurns turns) {
    this.sandboxes = sandboxes;
    this.turns = turns;
    this.runner = new RunnerDiagnostics(properties.timeout());
  }

  /** The GC log's last {@code lines} lines (200 when absent, at most 2,000), oldest first. */
  @GetMapping("/gc")
  ResponseEntity<String> gc(
      @Writable App app,
      @RequestParam(required = false) Integer slot,
      @RequestParam(required = false) Integer lines) {
    int asked = lines == null ? DEFAULT_LINES : lines;
    if (asked < 1 || asked > MAX_LINES) {
      throw new InvalidLinesException(lines);
    }
    Sandbox sandbox = sandboxes.of(app, slot);
    return text(answer(app, () -> runner.gcLog(sandbox.admin(), asked)));
  }

  /** Native memory tracking's summary: what the JVM has reserved and committed, by category. */
  @GetMapping("/native-memory")
  ResponseEntity<String> nativeMemory(
      @Writable App app, @RequestParam(required = false) Integer slot) {
    Sandbox sandbox = sandboxes.of(app, slot);
    try {
      return text(answer(app, () -> runner.nativeMemory(sandbox.admin())));
    } catch (RunnerDiagnostics.NativeMemoryNotTrackedException e) {
      throw new NotTrackedException(app);
    }
  }

  private static ResponseEntity<String> text(RunnerDiagnostics.Text answer) {
    String text = answer.cut() ? answer.text() + "\n[cut: the answer was longer]\n" : answer.text();
    return ResponseEntity.ok().contentType(TEXT).header("Cache-Control", "no-store").body(text);
  }

  private <T> T answer(App app, Supplier<T> diagnostic) {
    try {
      return turns.take(app.tenant().id(), diagnostic);
    } catch (RunnerDiagnostics.DiagnosticsFailedException e) {
      throw new DiagnosticsController.SandboxNotAnsweringException(e.getMessage());
    }
  }

  /** A number of GC log lines out of range. */
  static class InvalidLinesException extends ApiException {
    InvalidLinesException(Integer lines) {
      super(
          ProblemType.INVALID_LINES,
          "lines must be between 1 and %d, got %s".formatted(MAX_LINES, lines));
    }
  }

  /** The instance's JVM started without native memory tracking. */
  static class NotTrackedException extends ApiException {
    NotTrackedException(App app) {
      super(
          ProblemType.NATIVE_MEMORY_NOT_TRACKED,
          ("The instance's JVM started before Paddock tracked native memory (every sandbox started"
                  + " since does): restart app '%s' (POST .../apps/%s/restart) and ask again")
              .formatted(app.name(), app.name()));
    }
  }
}
