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
 * While the database is away, every call fails fast with 503 and {@code Retry-After}, wherever it
 * found out: in a controller ({@link ProblemHandler}) or in a filter before one, such as a token's
 * look-up. The edge keeps serving what runs; only the control plane's own answers wait.
 */
@Component
// Inside the audit filter, which then records the 503 if it can.
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class DatabaseAway extends OncePerRequestFilter {

  static final String RETRY_AFTER_SECONDS = "5";

  private final JsonMapper json;

  DatabaseAway(JsonMapper json) {
    this.json = json;
  }

  /** Whether a failure is the database not answering, rather than a fault of the request. */
  static boolean causes(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof DataAccessResourceFailureException
          || t instanceof CannotCreateTransactionException
          || t instanceof SQLTransientConnectionException) {
        return true;
      }
    }
    return false;
  }

  static ProblemDetail problem() {
    return Problems.of(
        ProblemType.DATABASE_UNAVAILABLE,
        "The control plane's database is not answering; apps keep serving. Try again in a few seconds.");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    try {
      chain.doFilter(request, response);
    } catch (ServletException | RuntimeException e) {
      if (!causes(e) || response.isCommitted()) {
        throw e;
      }
      response.resetBuffer();
      response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
      Problems.write(response, problem(), json);
    }
  }
}
