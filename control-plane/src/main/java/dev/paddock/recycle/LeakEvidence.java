package dev.paddock.recycle;

import dev.paddock.events.Events;
import dev.paddock.sandbox.AdminProbe;
import dev.paddock.sandbox.ClassHistogram;
import dev.paddock.sandbox.HeapPressure;
import dev.paddock.sandbox.RunnerDiagnostics;
import dev.paddock.sandbox.Sandbox;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What a leak recycle keeps of the instance it replaces, while the replacement starts: the largest
 * classes of its live heap and its heap after collection's recent readings, attached to the
 * recycle's event. Asked of the runner within bounds, on a thread of its own, so that neither a
 * slow JVM nor a hostile one delays the replacement.
 */
@Component
class LeakEvidence {

  private static final Logger log = LoggerFactory.getLogger(LeakEvidence.class);

  /** How many classes of the histogram an event keeps. */
  static final int TOP_CLASSES = 20;

  /** What a recycle's event carries: either part is null when the runner did not give it. */
  record Evidence(ClassHistogram histogram, String histogramError, Trend heapAfterGc) {}

  /** The heap after collection: its maximum, its growth and its readings, oldest first. */
  record Trend(long heapMax, long bytesPerSecond, List<HeapPressure.Point> points) {}

  private final Events events;
  private final AdminProbe probe = new AdminProbe(Duration.ofSeconds(2));
  private final RunnerDiagnostics diagnostics = new RunnerDiagnostics(Duration.ofSeconds(10));

  LeakEvidence(Events events) {
    this.events = events;
  }

  /** Attaches the evidence to event {@code eventId} once gathered; returns at once. */
  void capture(Sandbox sandbox, long eventId, HeapPressure known) {
    Thread.ofVirtual().name("leak-evidence").start(() -> attach(sandbox, eventId, known));
  }

  private void attach(Sandbox sandbox, long eventId, HeapPressure known) {
    HeapPressure pressure =
        known != null ? known : probe.pressure(sandbox.admin(), Duration.ZERO, 0, Duration.ZERO);
    Trend trend =
        pressure == null
            ? null
            : new Trend(pressure.heapMax(), pressure.bytesPerSecond(), pressure.trend());
    try {
      ClassHistogram histogram = diagnostics.histogram(sandbox.admin(), TOP_CLASSES);
      events.attach(eventId, new Evidence(histogram, null, trend));
    } catch (RunnerDiagnostics.DiagnosticsFailedException e) {
      events.attach(eventId, new Evidence(null, e.getMessage(), trend));
    } catch (RuntimeException e) {
      log.warn("No evidence kept of {}'s recycle: {}", sandbox.name(), e.getMessage());
    }
  }
}
