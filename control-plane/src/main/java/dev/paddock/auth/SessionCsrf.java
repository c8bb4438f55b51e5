package dev.paddock.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.function.Supplier;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;

/**
 * The CSRF token of a session: kept in the session itself (no cookie that a sibling site could
 * plant), handed to the dashboard in a response header of every request made with that session, and
 * accepted back only in the {@code X-XSRF-TOKEN} header, never from a form field or the query.
 */
final class SessionCsrf implements CsrfTokenRequestHandler {

  static final String HEADER = "X-XSRF-TOKEN";

  private final CsrfTokenRequestAttributeHandler attributes =
      new CsrfTokenRequestAttributeHandler();

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> token) {
    attributes.handle(request, response, token);
    // Only a session has a token: asking for one without a session would start a session.
    if (request.getSession(false) != null) {
      response.setHeader(HEADER, token.get().getToken());
    }
  }

  @Override
  public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken token) {
    return request.getHeader(HEADER);
  }
}
