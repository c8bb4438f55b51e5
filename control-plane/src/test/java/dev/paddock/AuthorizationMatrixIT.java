package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.support.Browser;
import dev.paddock.support.InProcessPaddock;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.Tenancy;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every endpoint of the API, found in Spring's handler mappings (so a new one cannot escape),
 * called by every kind of caller (tokens, and a user signed in with a session cookie), against the
 * expected outcome. "Allowed" means neither 401 nor 403 (the call may still be a 400 or a 404 for a
 * missing thing); another tenant's owner must get 404 for anything under the tenant, exactly as if
 * it did not exist.
 */
class AuthorizationMatrixIT extends InProcessPaddock {

  /** Admin-only, decided by the security configuration before anything is looked up. */
  private static final Set<String> ADMIN_ONLY =
      Set.of(
          "POST /api/v1/tenants",
          "PUT /api/v1/tenants/{tenant}/quota",
          "PUT /api/v1/tenants/{tenant}/egress",
          "PUT /api/v1/tenants/{tenant}/idle",
          "GET /api/v1/audit",
          "GET /api/v1/platform",
          "GET /api/v1/users",
          "POST /api/v1/users",
          "DELETE /api/v1/users/{name}");

  /** The caller's own things, whatever its role in any tenant. */
  private static final Set<String> OWN = Set.of("PUT /api/v1/me/password");

  /**
   * Signing in and out: open to all (a sign-in from another site's page is refused by its origin,
   * which {@code CrossSiteIT} tries in a browser).
   */
  private static final Set<String> PUBLIC =
      Set.of("GET /api/v1/session", "POST /api/v1/session", "DELETE /api/v1/session");

  /** The tenant's owner and the admin only. */
  private static final Set<String> OWNER_ONLY =
      Set.of(
          "GET /api/v1/tenants/{tenant}/tokens",
          "POST /api/v1/tenants/{tenant}/tokens",
          "DELETE /api/v1/tenants/{tenant}/tokens/{name}",
          "GET /api/v1/tenants/{tenant}/audit",
          "GET /api/v1/tenants/{tenant}/members",
          "PUT /api/v1/tenants/{tenant}/members/{user}",
          "DELETE /api/v1/tenants/{tenant}/members/{user}");

  /** Reads that may expose what a JVM holds (thread names, heap classes): developers and up. */
  private static final Set<String> DEVELOPER_READS =
      Set.of(
          "GET /api/v1/tenants/{tenant}/apps/{app}/diagnostics/threads",
          "GET /api/v1/tenants/{tenant}/apps/{app}/diagnostics/histogram",
          "GET /api/v1/tenants/{tenant}/apps/{app}/diagnostics/gc",
          "GET /api/v1/tenants/{tenant}/apps/{app}/diagnostics/native-memory",
          "GET /api/v1/tenants/{tenant}/apps/{app}/diagnostics/recordings/{id}");

  private static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)}");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Stands for the dashboard's session cookie (and its CSRF token) in place of a token. */
  private static final String SIGNED_IN = "session cookie";

  private static final String PASSWORD = "a long enough password";

  private Browser browser;

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  enum Expected {
    ALLOWED,
    UNAUTHORIZED,
    FORBIDDEN,
    NOT_FOUND
  }

  record Endpoint(String method, String pattern, String query) {
    String key() {
      return method + " " + pattern;
    }
  }

  @Test
  void everyEndpointTimesEveryCallerGivesTheExpectedStatus() throws Exception {
    Tenancy acme = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("matrix"));
    Tenancy other = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("other"));
    String tokens = "api/v1/tenants/" + acme.tenant() + "/tokens";
    Map<String, String> callers = new LinkedHashMap<>();
    callers.put("anonymous", null);
    callers.put("viewer", mint(acme, "viewer", "viewer", null));
    callers.put("developer", mint(acme, "developer", "developer", null));
    callers.put("expired", mint(acme, "expired", "owner", "PT1S"));
    callers.put("revoked", mint(acme, "revoked", "owner", null));
    assertThat(api().delete(tokens + "/revoked", acme.token()).status()).isEqualTo(204);
    callers.put("other tenant's owner", other.token());
    callers.put("owner", acme.token());
    callers.put("admin", ADMIN);
    callers.put("developer signed in", SIGNED_IN);
    String expired = callers.get("expired");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> api().get(acme.apps(), expired).status() == 401);

    String user = Infrastructure.uniqueName("dev");
    api().post("api/v1/users", ADMIN, Map.of("name", user, "password", PASSWORD));
    api()
        .put(
            "api/v1/tenants/" + acme.tenant() + "/members/" + user,
            acme.token(),
            Map.of("role", "developer"));
    browser = new Browser(URI.create("http://127.0.0.1:" + port + "/"));
    assertThat(browser.signIn(user, PASSWORD).status()).isEqualTo(200);

    List<Endpoint> endpoints = endpoints();
    assertThat(endpoints).hasSizeGreaterThan(30);
    List<String> wrong = new ArrayList<>();
    int calls = 0;
    for (var caller : callers.entrySet()) {
      // Each caller gets a fresh app, since the owner's and the admin's calls may delete it.
      acme.createApp("web");
      for (Endpoint endpoint : endpoints) {
        Expected expected = expected(caller.getKey(), endpoint);
        int status = call(endpoint, acme.tenant(), caller.getValue());
        if (SIGNED_IN.equals(caller.getValue())
            && endpoint.key().equals("DELETE /api/v1/session")) {
          assertThat(browser.signIn(user, PASSWORD).status()).isEqualTo(200);
        }
        calls++;
        if (!matches(expected, status)) {
          wrong.add(
              "%s by %s: %d, expected %s"
                  .formatted(endpoint.key(), caller.getKey(), status, expected));
        }
      }
      api().delete(acme.apps() + "/web", acme.token());
    }

    assertThat(wrong).as("%d calls", calls).isEmpty();
    assertThat(calls).isEqualTo(endpoints.size() * callers.size());
  }

  private static Expected expected(String caller, Endpoint endpoint) {
    String key = endpoint.key();
    boolean underTenant = endpoint.pattern().startsWith("/api/v1/tenants/{tenant}");
    if (PUBLIC.contains(key)) {
      return switch (caller) {
        case "expired", "revoked" -> Expected.UNAUTHORIZED;
        default -> Expected.ALLOWED;
      };
    }
    return switch (caller) {
      case "anonymous", "expired", "revoked" -> Expected.UNAUTHORIZED;
      case "admin" -> Expected.ALLOWED;
      case "other tenant's owner" ->
          ADMIN_ONLY.contains(key)
              ? Expected.FORBIDDEN
              : underTenant ? Expected.NOT_FOUND : Expected.ALLOWED;
      case "owner" -> ADMIN_ONLY.contains(key) ? Expected.FORBIDDEN : Expected.ALLOWED;
      case "developer", "developer signed in" ->
          ADMIN_ONLY.contains(key) || OWNER_ONLY.contains(key)
              ? Expected.FORBIDDEN
              : Expected.ALLOWED;
      case "viewer" ->
          ADMIN_ONLY.contains(key)
                  || OWNER_ONLY.contains(key)
                  || DEVELOPER_READS.contains(key)
                  || (!endpoint.method().equals("GET") && !OWN.contains(key))
              ? Expected.FORBIDDEN
              : Expected.ALLOWED;
      default -> throw new IllegalArgumentException(caller);
    };
  }

  private static boolean matches(Expected expected, int status) {
    return switch (expected) {
      case ALLOWED -> status != 401 && status != 403 && status < 500;
      case UNAUTHORIZED -> status == 401;
      case FORBIDDEN -> status == 403;
      case NOT_FOUND -> status == 404;
    };
  }

  /** The API's endpoints, one per method and path, from Spring's own handler mappings. */
  private List<Endpoint> endpoints() {
    List<Endpoint> found = new ArrayList<>();
    for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
      String query =
          info.getParamsCondition().getExpressions().stream()
              .filter(e -> !e.isNegated() && e.getValue() != null)
              .map(e -> e.getName() + "=" + e.getValue())
              .reduce((a, b) -> a + "&" + b)
              .orElse("");
      for (String pattern : info.getPatternValues()) {
        if (!pattern.startsWith("/api/")) {
          continue;
        }
        for (RequestMethod method : info.getMethodsCondition().getMethods()) {
          found.add(new Endpoint(method.name(), pattern, query));
        }
      }
    }
    found.sort(Comparator.comparing(Endpoint::key).thenComparing(Endpoint::query));
    return found;
  }

  private int call(Endpoint endpoint, String tenant, String token)
      throws IOException, InterruptedException {
    Matcher variables = VARIABLE.matcher(endpoint.pattern());
    String path =
        variables.replaceAll(
            m ->
                switch (m.group(1)) {
                  case "tenant" -> tenant;
                  case "app" -> "web";
                  case "id" -> "999999";
                  case "host" -> "shop.example.com";
                  default -> "nobody";
                });
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:%d%s%s"
                        .formatted(
                            port, path, endpoint.query().isEmpty() ? "" : "?" + endpoint.query())))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .method(
                endpoint.method(),
                endpoint.method().equals("GET") || endpoint.method().equals("DELETE")
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString("{}"));
    if (SIGNED_IN.equals(token)) {
      request
          .header("Cookie", "PADDOCK_SESSION=" + browser.cookie("PADDOCK_SESSION").orElseThrow())
          .header("X-XSRF-TOKEN", browser.csrfToken().orElseThrow());
    } else if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    // Streams (server-sent events) answer at once with their status, then go on: read no body.
    HttpResponse<InputStream> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    response.body().close();
    return response.statusCode();
  }

  private String mint(Tenancy tenancy, String name, String role, String expiresIn) {
    Map<String, String> body = new LinkedHashMap<>(Map.of("name", name, "role", role));
    if (expiresIn != null) {
      body.put("expiresIn", expiresIn);
    }
    var minted =
        api().post("api/v1/tenants/" + tenancy.tenant() + "/tokens", tenancy.token(), body);
    assertThat(minted.status()).as(minted.body()).isEqualTo(201);
    return minted.text("token");
  }
}
