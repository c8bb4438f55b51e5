package dev.paddock.web;

import java.net.URI;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.HttpStatus;

/**
 * Every kind of failure the API answers, once: its status, its title and what a client does about
 * it. A problem's {@code type} is {@code https://paddock.dev/problems/<slug>}; {@code
 * docs/problems.md} is rendered from this list, and a test keeps the two equal.
 */
public enum ProblemType {
  // The request itself
  INVALID_REQUEST(
      HttpStatus.BAD_REQUEST,
      "Invalid request",
      "The body or a parameter does not fit the endpoint; the detail names which. Fix it and send it"
          + " again."),
  INVALID_NAME(
      HttpStatus.BAD_REQUEST,
      "Invalid name",
      "Names are DNS labels: 1-63 lower-case letters, digits and hyphens, not starting or ending with a"
          + " hyphen."),
  INVALID_DOMAIN(
      HttpStatus.BAD_REQUEST,
      "Invalid domain",
      "Send a fully qualified host name such as shop.example.com, without scheme, port or path."),
  RESERVED_DOMAIN(
      HttpStatus.BAD_REQUEST,
      "Reserved domain",
      "Names under Paddock's own base domain are given by Paddock; add a domain of your own instead."),
  INVALID_ENV(
      HttpStatus.BAD_REQUEST,
      "Invalid env",
      "Names are letters, digits and underscores, not starting with a digit; PORT and PADDOCK_*"
          + " are Paddock's own. A value is at most 32 KiB, without NUL characters."),
  INVALID_HEALTH_CHECK(
      HttpStatus.BAD_REQUEST,
      "Invalid health check",
      "Send an absolute path such as /health, or null to go back to the default."),
  INVALID_HTTPS(
      HttpStatus.BAD_REQUEST, "Invalid HTTPS setting", "Send {\"httpsOnly\": true} or false."),
  INVALID_INSTANCES(
      HttpStatus.BAD_REQUEST,
      "Invalid instance count",
      "Ask for a whole number of instances within the range the detail gives."),
  INVALID_LIMITS(
      HttpStatus.BAD_REQUEST,
      "Invalid limits",
      "Memory takes a size such as 512MiB, CPUs a decimal such as 0.5; the detail names the bad"
          + " field."),
  INVALID_REQUEST_TIMEOUT(
      HttpStatus.BAD_REQUEST, "Invalid request timeout", "Send seconds between 1 and 3600."),
  INVALID_SLEEP_AFTER(
      HttpStatus.BAD_REQUEST,
      "Invalid idle time",
      "Send sleepAfter as an ISO-8601 duration such as PT15M, within the bounds the detail gives, or"
          + " null to keep the app awake."),
  INVALID_RECYCLE_POLICY(
      HttpStatus.BAD_REQUEST,
      "Invalid recycle policy",
      "Each threshold is optional; the detail names the one out of range."),
  INVALID_WARMUP(
      HttpStatus.BAD_REQUEST,
      "Invalid warm-up paths",
      "Give at most 16 paths, each starting with / and at most 256 characters without spaces."),
  INVALID_QUOTA(
      HttpStatus.BAD_REQUEST,
      "Invalid quota",
      "Quotas are positive: memory as a size such as 4GiB, apps and instances as whole numbers."),
  INVALID_EGRESS(
      HttpStatus.BAD_REQUEST,
      "Invalid egress policy",
      "Send {\"internet\": true|false|null, \"allow\": [...], \"deny\": [...]} with at most 32"
          + " rules in each list, each a CIDR range with an optional port or port range, such as"
          + " 10.20.0.0/16:5432 or [fd00::/64]:8000-8100. Link-local addresses, the platform's deny"
          + " list and the control plane's database and Docker engine are always denied: a rule"
          + " that lies wholly inside them is refused."),
  INVALID_RELEASE(
      HttpStatus.BAD_REQUEST,
      "Invalid release",
      "Upload a runnable jar (a Main-Class in its manifest) or a handler jar; the detail says what"
          + " the upload lacked."),
  INVALID_ROLE(HttpStatus.BAD_REQUEST, "Invalid role", "Roles are owner, developer and viewer."),
  INVALID_MEMBERSHIP(
      HttpStatus.BAD_REQUEST,
      "Invalid membership",
      "Name an existing user and a role; the detail says which is wrong."),
  INVALID_USER(
      HttpStatus.BAD_REQUEST, "Invalid user name", "User names follow the rules of app names."),
  INVALID_PASSWORD(
      HttpStatus.BAD_REQUEST, "Invalid password", "A password has at least 10 characters."),
  INVALID_TOKEN_REQUEST(
      HttpStatus.BAD_REQUEST,
      "Invalid token request",
      "A tenant's token takes owner, developer or viewer, and expiresIn is a positive ISO-8601"
          + " duration such as P30D."),
  INVALID_SPAN(
      HttpStatus.BAD_REQUEST,
      "Invalid time span",
      "Send an ISO-8601 duration such as PT15M, within the metrics' retention."),
  INVALID_SECONDS(
      HttpStatus.BAD_REQUEST, "Invalid recording length", "Record between 1 and 120 seconds."),
  INVALID_SLOT(
      HttpStatus.BAD_REQUEST,
      "Invalid slot",
      "Name an instance the app runs: slots count from 0 to its instances less one."),
  INVALID_LINES(
      HttpStatus.BAD_REQUEST, "Invalid number of lines", "Ask for 1 to 2,000 lines of the GC log."),
  METHOD_NOT_ALLOWED(
      HttpStatus.METHOD_NOT_ALLOWED,
      "Method not allowed",
      "The path exists but not with this method; the Allow header lists the ones it takes."),
  NOT_ACCEPTABLE(
      HttpStatus.NOT_ACCEPTABLE,
      "Not acceptable",
      "The API answers JSON (and event streams where documented); accept application/json."),
  UNSUPPORTED_MEDIA_TYPE(
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      "Unsupported media type",
      "Send JSON with 'Content-Type: application/json'."),
  UPLOAD_FORMAT(
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      "Upload format",
      "Send the jar itself as the request body (curl --data-binary @app.jar), not a multipart form."),
  RELEASE_TOO_LARGE(
      HttpStatus.CONTENT_TOO_LARGE,
      "Release too large",
      "The detail gives the platform's upload limit: make the jar smaller or ask the admin to raise"
          + " paddock.releases.max-size."),

  // Who asks
  UNAUTHORIZED(
      HttpStatus.UNAUTHORIZED,
      "Unauthorized",
      "Send a valid token as 'Authorization: Bearer <token>', or sign in to the dashboard."),
  WRONG_SIGN_IN(
      HttpStatus.UNAUTHORIZED,
      "Wrong user name or password",
      "Check both; repeated failures slow further attempts down."),
  NOT_SIGNED_IN(HttpStatus.FORBIDDEN, "Not signed in", "Sign in first."),
  WRONG_PASSWORD(
      HttpStatus.FORBIDDEN,
      "Wrong password",
      "Changing a password takes the current one; send it as it is now."),
  FORBIDDEN(
      HttpStatus.FORBIDDEN,
      "Forbidden",
      "The call is the platform admin's (users, tenants, quotas, settings); use an admin token."),
  OWNER_ONLY(
      HttpStatus.FORBIDDEN,
      "Owner only",
      "Only the tenant's owner or the platform admin may do this; ask the owner."),
  READ_ONLY(
      HttpStatus.FORBIDDEN,
      "Read-only access",
      "A viewer reads but does not change; ask the tenant's owner for the developer role."),
  CROSS_SITE(
      HttpStatus.FORBIDDEN,
      "Cross-site request",
      "A change made with a dashboard session must come from the dashboard's own origin."),
  CSRF(
      HttpStatus.FORBIDDEN,
      "Missing CSRF token",
      "Send the session's CSRF token (the X-XSRF-TOKEN header of the control plane's answers) in an"
          + " X-XSRF-TOKEN header, or use a bearer token."),

  // The things asked about
  NOT_FOUND(
      HttpStatus.NOT_FOUND,
      "Not found",
      "Nothing of that name exists, or it belongs to a tenant you cannot see: the two look the same"
          + " on purpose."),
  RELEASE_GONE(
      HttpStatus.GONE,
      "Release no longer retained",
      "Older releases' jars are pruned; upload the jar again to deploy it."),
  CONFLICT(
      HttpStatus.CONFLICT,
      "Conflict",
      "The thing exists already or another change is under way; the detail says which. Wait for a"
          + " rollout to end before starting the next."),
  SLEEP_UNSUPPORTED(
      HttpStatus.CONFLICT,
      "Sleep not supported here",
      "This installation's engine cannot hold an app's requests while it sleeps (Kubernetes): leave"
          + " sleepAfter unset."),
  APP_NOT_RUNNING(
      HttpStatus.CONFLICT,
      "App not running",
      "Diagnostics read a running sandbox; deploy or restart the app first."),
  NATIVE_MEMORY_NOT_TRACKED(
      HttpStatus.CONFLICT,
      "Native memory not tracked",
      "The instance's JVM started before Paddock tracked native memory: restart the app (POST"
          + " .../restart) and ask again."),
  RECORDING_RUNNING(
      HttpStatus.CONFLICT,
      "A recording runs already",
      "One recording per instance at a time: wait for it to end, then start the next."),
  RECORDING_NOT_DONE(
      HttpStatus.ACCEPTED,
      "Recording",
      "The recording is still running: ask again after the Retry-After header's seconds."),
  RECORDING_FAILED(
      HttpStatus.BAD_GATEWAY,
      "The recording failed",
      "The sandbox did not deliver the recording; the detail says why. Start another."),
  SANDBOX_NOT_ANSWERING(
      HttpStatus.BAD_GATEWAY,
      "The sandbox gave no diagnostic",
      "The app's runner did not answer in time or answered too much; try again, or restart the app."),

  // Bounds
  QUOTA_EXCEEDED(
      HttpStatus.UNPROCESSABLE_CONTENT,
      "Quota exceeded",
      "The tenant's quota (memory, apps or instances) would be passed; free some or ask the admin"
          + " for a larger quota."),
  LIMIT_ABOVE_CEILING(
      HttpStatus.UNPROCESSABLE_CONTENT,
      "Limit above ceiling",
      "The platform caps what one sandbox may ask for; ask for less, or ask the admin."),
  MEMORY_TOO_SMALL(
      HttpStatus.UNPROCESSABLE_CONTENT,
      "Memory limit too small",
      "The JVM's non-heap needs do not fit the limit: the detail gives the figures and the limit to"
          + " set."),
  TOO_MANY_STREAMS(
      HttpStatus.TOO_MANY_REQUESTS,
      "Too many streams",
      "Close some of the tenant's open log or deploy streams first."),
  TOO_MANY_DIAGNOSTICS(
      HttpStatus.TOO_MANY_REQUESTS,
      "Too many diagnostics at once",
      "Wait for the running diagnostics to finish, then ask again."),
  RECORDINGS_FULL(
      HttpStatus.TOO_MANY_REQUESTS,
      "Too many recordings kept",
      "Recordings are kept an hour; download and wait for older ones to expire."),
  TOO_MANY_SIGN_INS(
      HttpStatus.TOO_MANY_REQUESTS,
      "Too many sign-ins",
      "Wait the Retry-After header's seconds before the next attempt."),

  // The platform
  BUSY(
      HttpStatus.SERVICE_UNAVAILABLE,
      "Busy",
      "The control plane is checking many passwords at once; try again after Retry-After."),
  EGRESS_NOT_APPLIED(
      HttpStatus.SERVICE_UNAVAILABLE,
      "Egress policy saved, not yet applied",
      "The tenant's policy is saved, but the engine refused its rules (the detail says why);"
          + " the tenant's next sandbox start applies it, or no sandbox starts. Fix the host's"
          + " firewall (see the sandboxEgress health component) and send the policy again."),
  DATABASE_UNAVAILABLE(
      HttpStatus.SERVICE_UNAVAILABLE,
      "Database unavailable",
      "The control plane's database is away; running apps keep serving. Try again after"
          + " Retry-After."),
  CONTROL_PLANE_BUSY(
      HttpStatus.SERVICE_UNAVAILABLE,
      "Control plane busy",
      "The control plane's database connections were all in use for as long as a call waits for"
          + " one, or more reads were under way than they serve; running apps keep serving. Try"
          + " again after Retry-After."),
  INTERNAL(
      HttpStatus.INTERNAL_SERVER_ERROR,
      "Internal error",
      "A fault of the control plane, not of the request: its log has the error. Report it.");

  private static final String BASE = "https://paddock.dev/problems/";

  private static final Set<ProblemType> REFUSALS =
      EnumSet.of(
          INVALID_REQUEST,
          UNAUTHORIZED,
          FORBIDDEN,
          NOT_FOUND,
          METHOD_NOT_ALLOWED,
          NOT_ACCEPTABLE,
          CONFLICT,
          RELEASE_TOO_LARGE,
          UNSUPPORTED_MEDIA_TYPE);

  private final HttpStatus status;
  private final String title;
  private final String hint;

  ProblemType(HttpStatus status, String title, String hint) {
    this.status = status;
    this.title = title;
    this.hint = hint;
  }

  public HttpStatus status() {
    return status;
  }

  public String title() {
    return title;
  }

  /** What a client does about it: documentation, not part of the answer. */
  public String hint() {
    return hint;
  }

  public String slug() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public URI uri() {
    return URI.create(BASE + slug());
  }

  /** The type for one of Spring's own refusals (405, 406, 415, an unknown path…). */
  static ProblemType ofRefusal(HttpStatus status) {
    return REFUSALS.stream()
        .filter(type -> type.status == status)
        .findFirst()
        .orElse(status.is5xxServerError() ? INTERNAL : INVALID_REQUEST);
  }
}
