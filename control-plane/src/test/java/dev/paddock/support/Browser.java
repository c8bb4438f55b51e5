package dev.paddock.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client that behaves as the dashboard's code in a browser does: it keeps cookies, remembers the
 * CSRF token the control plane's answers carry in their {@code X-XSRF-TOKEN} header, and sends it
 * back on a change (unless told not to, to play a forged request).
 */
public final class Browser {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final URI base;
  private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
  private final HttpClient http;
  private volatile String csrfToken;

  public Browser(URI base) {
    this.base = base;
    this.http =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  /** Signs in as the dashboard does, then asks who is signed in (which hands out the token). */
  public Api.Response signIn(String name, String password) {
    Api.Response signedIn =
        send("POST", "api/v1/session", Map.of("name", name, "password", password), true);
    get("api/v1/session");
    return signedIn;
  }

  public Api.Response get(String path) {
    return send("GET", path, null, false);
  }

  public Api.Response send(String method, String path, Map<String, ?> body, boolean withCsrf) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    if (withCsrf && csrfToken != null) {
      request.header("X-XSRF-TOKEN", csrfToken);
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      response.headers().firstValue("X-XSRF-TOKEN").ifPresent(token -> csrfToken = token);
      return new Api.Response(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body(),
          response.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The session's CSRF token, as the control plane last handed it out. */
  public Optional<String> csrfToken() {
    return Optional.ofNullable(csrfToken);
  }

  public Optional<String> cookie(String name) {
    return cookies.getCookieStore().getCookies().stream()
        .filter(c -> c.getName().equals(name))
        .map(HttpCookie::getValue)
        .findFirst();
  }

  /** The cookie as the server set it, attributes included, for checking them. */
  public Optional<HttpCookie> rawCookie(String name) {
    return cookies.getCookieStore().getCookies().stream()
        .filter(c -> c.getName().equals(name))
        .findFirst();
  }
}
