package dev.paddock.diagnostics;

import dev.paddock.web.ApiException;
import dev.paddock.web.ProblemType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * How many thread dumps, histograms, GC logs and native memory summaries run at once: each holds a
 * thread and up to a few MiB of the control plane for up to its timeout, and a histogram costs the
 * sandbox a full collection. A tenant gets {@value #PER_TENANT} at a time, the control plane
 * {@value #IN_ALL}; one more is refused at once rather than queued. Thread-safe.
 */
@Component
final class DiagnosticTurns {

  static final int PER_TENANT = 2;
  static final int IN_ALL = 8;

  private final Semaphore all = new Semaphore(IN_ALL);
  private final Map<Long, Semaphore> tenants = new ConcurrentHashMap<>();

  /** Runs {@code work} in one of the tenant's turns, or refuses with 429. */
  <T> T take(long tenantId, Supplier<T> work) {
    Semaphore tenant = tenants.computeIfAbsent(tenantId, id -> new Semaphore(PER_TENANT));
    if (!tenant.tryAcquire()) {
      throw new TooManyDiagnosticsException();
    }
    try {
      if (!all.tryAcquire()) {
        throw new TooManyDiagnosticsException();
      }
      try {
        return work.get();
      } finally {
        all.release();
      }
    } finally {
      tenant.release();
    }
  }

  /** More diagnostics at once than the bounds allow. */
  static class TooManyDiagnosticsException extends ApiException {
    TooManyDiagnosticsException() {
      super(
          ProblemType.TOO_MANY_DIAGNOSTICS,
          "Thread dumps and histograms run %d at a time per tenant: wait for the ones asked to end, then ask again."
              .formatted(PER_TENANT));
    }

    @Override
    public HttpHeaders headers() {
      HttpHeaders headers = new HttpHeaders();
      headers.set(HttpHeaders.RETRY_AFTER, "5");
      return headers;
    }
  }
}
