package dev.paddock.auth;

import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A {@link Caller} as Spring Security holds it: the admin's rights are the one authority. */
final class Callers {

  private Callers() {}

  static Authentication authenticated(Caller caller) {
    String role = caller.admin() ? Role.ADMIN.name() : "MEMBER";
    return UsernamePasswordAuthenticationToken.authenticated(
        caller, null, List.of(new SimpleGrantedAuthority("ROLE_" + role)));
  }
}
