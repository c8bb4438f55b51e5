package dev.paddock.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLTransientConnectionException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * While the database is away, or every connection to it is in use for longer than a call waits,
 * every call fails fast with 503 and {@code Retry-After}, wherever it found out: in a controller
 * ({@link ProblemHandler}) or in a filter before one, such as a token's look-up. The edge keeps
 * serving what runs; only the control plane's own answers wait.
 */
@Component
// Inside the audit filter, which then records the 503 if it can.
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class DatabaseAway extends OncePerRequestFilter {

  /** A failure of the database's rather than of the request, and when to try again. */
  record Refusal(ProblemType type, String detail, String retryAfterSeconds) {

    /** A problem of its own each time: Spring fills in a problem's instance as it answers. */
    ProblemDetail problem() {
      return Problems.of(type, detail);
    }
  }

  private static final Refusal AWAY =
      new Refusal(
          ProblemType.DATABASE_UNAVAILABLE,
          "The control plane's database is not answering; apps keep serving. Try again in a few"
              + " seconds.",
          "5");

  private static final Refusal BUSY =
      new Refusal(
          ProblemType.CONTROL_PLANE_BUSY,
          "Every one of the control plane's database connections stayed in use while this request"
              + " waited for one; apps keep serving. Try again in a second.",
          "1");

  private final JsonMapper json;

  DatabaseAway(JsonMapper json) {
    this.json = json;
  }

  /**
   * Whether a failure is the database's: away (not answering) or busy (the pool's wait for a
   * connection ran out while the database answers, which the pool reports with no cause, since no
   * connection failed), rather than a fault of the request; null if it is neither.
   */
  static Refusal refusal(Throwable e) {
    boolean away = false;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException && t.getCause() == null) {
        return BUSY;
      }
      away |=
          t instanceof DataAccessResourceFailureException
              || t instanceof CannotCreateTransactionException
              || t instanceof SQLTransientConnectionException;
    }
    return away ? AWAY : null;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    try {
      chain.doFilter(request, response);
    } catch (ServletException | RuntimeException e) {
      Refusal refusal = refusal(e);
      if (refusal == null || response.isCommitted()) {
        throw e;
      }
      response.resetBuffer();
      response.setHeader("Retry-After", refusal.retryAfterSeconds());
      Problems.write(response, refusal.problem(), json);
    }
  }
}
