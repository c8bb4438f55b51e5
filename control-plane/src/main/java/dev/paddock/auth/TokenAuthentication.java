package dev.paddock.auth;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.stereotype.Component;

/** Reads {@code Authorization: Bearer …} and resolves it to a {@link Caller}. */
@Component
class TokenAuthentication implements AuthenticationConverter, AuthenticationManager {

  private static final String PREFIX = "Bearer ";

  private final AdminToken admin;
  private final Tokens tokens;

  TokenAuthentication(AdminToken admin, Tokens tokens) {
    this.admin = admin;
    this.tokens = tokens;
  }

  @Override
  public Authentication convert(HttpServletRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return null;
    }
    return UsernamePasswordAuthenticationToken.unauthenticated(
        "bearer", header.substring(PREFIX.length()).strip());
  }

  @Override
  public Authentication authenticate(Authentication request) {
    String token = (String) request.getCredentials();
    Caller caller =
        admin.matches(token)
            ? Caller.ADMIN
            : tokens
                .authenticate(token)
                .orElseThrow(() -> new BadCredentialsException("Unknown or expired token"));
    return Callers.authenticated(caller);
  }
}
