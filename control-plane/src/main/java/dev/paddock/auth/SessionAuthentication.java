package dev.paddock.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Resolves a dashboard session to the {@link Caller} its user is now: roles are read on every
 * request, so a changed membership or a deleted user takes effect on the next one.
 *
 * <p>Not Spring Security's {@code AuthenticationFilter}: that one changes the session's id on every
 * request it authenticates, so two requests a page sends at once would race for the session. Here
 * the id changes only at sign-in.
 */
public class SessionAuthentication extends OncePerRequestFilter {

  /** The session attribute that holds the signed-in user's id. */
  public static final String USER = "paddock.user";

  private final CallerLookup users;
  private final AuthenticationEntryPoint unauthorized;

  SessionAuthentication(CallerLookup users, AuthenticationEntryPoint unauthorized) {
    this.users = users;
    this.unauthorized = unauthorized;
  }

  /**
   * Streams (server-sent events) end with an async dispatch through the chain again; the caller
   * must be known there too, or the end of every stream would be refused half-written.
   */
  @Override
  protected boolean shouldNotFilterAsyncDispatch() {
    return false;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    HttpSession session =
        request.getHeader(HttpHeaders.AUTHORIZATION) == null ? request.getSession(false) : null;
    if (session != null && session.getAttribute(USER) instanceof Long id) {
      Optional<Caller> caller = users.caller(id);
      if (caller.isEmpty()) {
        session.invalidate();
        unauthorized.commence(
            request, response, new BadCredentialsException("The user no longer exists"));
        return;
      }
      SecurityContextHolder.getContext().setAuthentication(Callers.authenticated(caller.get()));
      // The audit log reads who called once the whole chain is done and the context is gone.
      request.setAttribute(Caller.ATTRIBUTE, caller.get());
    }
    chain.doFilter(request, response);
  }
}
