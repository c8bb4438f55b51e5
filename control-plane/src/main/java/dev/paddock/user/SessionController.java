package dev.paddock.user;

import dev.paddock.auth.Caller;
import dev.paddock.auth.SessionAuthentication;
import dev.paddock.web.ApiException;
import dev.paddock.web.ProblemType;
import dev.paddock.web.RequestValidator;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Signing in to and out of the dashboard, and who the caller is. A session is a cookie; a change
 * through it needs the CSRF token from the {@code XSRF-TOKEN} cookie in an {@code X-XSRF-TOKEN}
 * header. Scripts use tokens instead.
 */
@RestController
@RequestMapping("/api/v1")
class SessionController {

  private final Users users;
  private final LoginThrottle throttle;
  private final RequestValidator validator;

  SessionController(Users users, LoginThrottle throttle, RequestValidator validator) {
    this.users = users;
    this.throttle = throttle;
    this.validator = validator;
  }

  record SignIn(@NotNull @Size(max = 64) String name, @NotNull @Size(max = 128) String password) {}

  record PasswordChange(@NotNull @Size(max = 128) String current, @NotNull String password) {}

  /**
   * The caller: a user, a token or the admin token.
   *
   * @param name {@code user:<name>}, a token's {@code token:<name>} or {@code admin}
   * @param tenants the tenants the caller belongs to, with its role in each
   */
  record Me(String name, boolean admin, List<Membership> tenants) {
    static Me of(Caller caller) {
      return new Me(
          caller.actor(),
          caller.admin(),
          caller.roles().entrySet().stream()
              .map(e -> new Membership(e.getKey(), e.getValue().id()))
              .sorted((a, b) -> a.tenant().compareTo(b.tenant()))
              .toList());
    }
  }

  record Membership(String tenant, String role) {}

  /**
   * The session as a page sees it.
   *
   * @param me who is signed in; null when no one is
   */
  record SessionView(boolean signedIn, Me me) {}

  /**
   * Whether anyone is signed in, without a 401 when no one is: the dashboard asks this first (and
   * gets its CSRF cookie with the answer).
   */
  @GetMapping("/session")
  SessionView session(@AuthenticationPrincipal Caller caller) {
    return caller == null ? new SessionView(false, null) : new SessionView(true, Me.of(caller));
  }

  @PostMapping("/session")
  Me signIn(@RequestBody(required = false) SignIn request, HttpServletRequest http) {
    validator.check(request);
    String address = http.getRemoteAddr();
    throttle.attempt(request.name(), address);
    User user =
        users
            .authenticate(request.name(), request.password())
            .orElseThrow(WrongSignInException::new);
    throttle.succeeded(request.name(), address);
    // A fresh session id at every sign-in: a session id planted before it is worth nothing.
    HttpSession before = http.getSession(false);
    if (before != null) {
      before.invalidate();
    }
    http.getSession(true).setAttribute(SessionAuthentication.USER, user.id());
    Caller caller = users.caller(user.id()).orElseThrow();
    http.setAttribute(Caller.ATTRIBUTE, caller);
    return Me.of(caller);
  }

  @DeleteMapping("/session")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void signOut(HttpServletRequest http) {
    HttpSession session = http.getSession(false);
    if (session != null) {
      session.invalidate();
    }
  }

  @GetMapping("/me")
  Me me(@AuthenticationPrincipal Caller caller) {
    return Me.of(caller);
  }

  /** A signed-in user's own password; tokens have none. */
  @PutMapping("/me/password")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void changePassword(
      @RequestBody(required = false) PasswordChange request, HttpServletRequest http) {
    validator.check(request);
    HttpSession session = http.getSession(false);
    if (session == null || !(session.getAttribute(SessionAuthentication.USER) instanceof Long id)) {
      throw new NotSignedInException();
    }
    users.changePassword(id, request.current(), request.password());
  }

  /** A wrong name or password: which of the two is not said. */
  static class WrongSignInException extends ApiException {
    WrongSignInException() {
      super(ProblemType.WRONG_SIGN_IN, "The user name or the password is wrong.");
    }
  }

  /** A password change by a caller that is not a signed-in user. */
  static class NotSignedInException extends ApiException {
    NotSignedInException() {
      super(
          ProblemType.NOT_SIGNED_IN,
          "Only a signed-in user has a password to change; tokens have none.");
    }
  }
}
