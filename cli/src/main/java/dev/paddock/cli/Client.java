package dev.paddock.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Paddock's REST API as one context sees it: bearer token, JSON in and out, problems thrown. */
record Client(Config.Context context) {

  static final JsonMapper JSON = JsonMapper.builder().build();

  /** The dashboard's session cookie, which a user's sign-in starts; saved as name=value. */
  static final String SESSION_COOKIE = "PADDOCK_SESSION";

  /** Where a session's CSRF token comes and goes. */
  static final String CSRF_HEADER = "X-XSRF-TOKEN";

  /**
   * The client for this context's scheme. A plain-HTTP control plane (loopback, say) gets one whose
   * TLS is never set up: the JDK's default TLS context reads the trust store and loads some 400
   * classes at every start, for nothing when no TLS is spoken.
   */
  private HttpClient http() {
    return CLIENTS.computeIfAbsent(context.url().startsWith("http:"), Client::newClient);
  }

  private static final Map<Boolean, HttpClient> CLIENTS = new ConcurrentHashMap<>();

  private static HttpClient newClient(boolean plain) {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
    if (plain) {
      try {
        builder.sslContext(SSLContext.getInstance("TLS")).sslParameters(new SSLParameters());
      } catch (NoSuchAlgorithmException e) {
        // The default context then: slower to start, same answers.
      }
    }
    return builder.build();
  }

  /** One server-sent event. */
  record Event(String name, String data) {}

  /** Receives events until it returns false. */
  interface EventSink {
    boolean accept(Event event);
  }

  String apps() {
    return "api/v1/tenants/" + context.tenant() + "/apps";
  }

  String app(String name) {
    return apps() + "/" + name;
  }

  JsonNode get(String path) {
    return send(request(path).GET());
  }

  JsonNode delete(String path) {
    return send(request(path).DELETE());
  }

  JsonNode post(String path, Object body) {
    return send(json(path, body, "POST"));
  }

  JsonNode put(String path, Object body) {
    return send(json(path, body, "PUT"));
  }

  /** A PUT without a body, for endpoints whose path says it all (a domain, a member). */
  JsonNode put(String path) {
    return send(request(path).PUT(HttpRequest.BodyPublishers.noBody()));
  }

  /** Uploads a file, telling {@code progress} how many bytes went so far. */
  JsonNode upload(String path, Path file, LongConsumer progress) throws IOException {
    long size = Files.size(file);
    HttpRequest.BodyPublisher body =
        HttpRequest.BodyPublishers.fromPublisher(
            HttpRequest.BodyPublishers.ofInputStream(() -> counting(file, progress)), size);
    return send(
        request(path)
            .timeout(Duration.ofMinutes(10))
            .header("Content-Type", "application/java-archive")
            .POST(body));
  }

  /** A body as it came, with its status: for answers that are not JSON, and for 202s. */
  record Raw(int status, HttpHeaders headers, byte[] body) {}

  /** A GET whose answer is taken as it is (text, a file); a refusal is thrown. */
  Raw raw(String path, Duration timeout) {
    HttpRequest request = request(path).timeout(timeout).setHeader("Accept", "*/*").GET().build();
    HttpResponse<byte[]> response = exchange(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() >= 400) {
      throw refusal(response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
    }
    return new Raw(response.statusCode(), response.headers(), response.body());
  }

  /** Reads an event stream until it ends or {@code sink} has had enough. */
  void stream(String path, EventSink sink) {
    HttpRequest request =
        request(path).timeout(Duration.ofHours(2)).header("Accept", "text/event-stream").build();
    HttpResponse<InputStream> response =
        exchange(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = response.body()) {
      if (response.statusCode() >= 400) {
        throw refusal(
            response.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8));
      }
      var reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
      new EventReader(reader).forEach(sink);
    } catch (IOException e) {
      throw new UnreachableException(context.url(), e);
    }
  }

  private HttpRequest.Builder json(String path, Object body, String method) {
    return request(path)
        .header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
  }

  /** A JSON call whose answer comes with its headers (a sign-in's cookie, a CSRF token). */
  HttpResponse<String> call(String method, String path, Object body) {
    HttpRequest.Builder request =
        body == null
            ? request(path).method(method, HttpRequest.BodyPublishers.noBody())
            : json(path, body, method);
    HttpResponse<String> response = exchange(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 400) {
      throw refusal(response.statusCode(), response.body());
    }
    return response;
  }

  private HttpRequest.Builder request(String path) {
    String base = context.url().endsWith("/") ? context.url() : context.url() + "/";
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base).resolve(path))
            .timeout(Duration.ofSeconds(60))
            .header("Accept", "application/json");
    if (context.token() != null) {
      request.header("Authorization", "Bearer " + context.token());
    } else if (context.session() != null) {
      // A session is a cookie; the API wants its CSRF token back on every change made with it.
      request.header("Cookie", context.session());
      if (context.csrf() != null) {
        request.header(CSRF_HEADER, context.csrf());
      }
    }
    return request;
  }

  private JsonNode send(HttpRequest.Builder request) {
    HttpResponse<String> response = exchange(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 400) {
      throw refusal(response.statusCode(), response.body());
    }
    return parse(response.body());
  }

  static JsonNode parse(String body) {
    return body == null || body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
  }

  private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    try {
      return http().send(request, handler);
    } catch (IOException e) {
      throw new UnreachableException(context.url(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnreachableException(context.url(), e);
    }
  }

  /**
   * The problem's {@code detail}, else its title, else the status alone. A refused credential says
   * what to do in CLI terms, since the API's own words speak of headers.
   */
  static ApiRefusedException refusal(int status, String body) {
    JsonNode problem;
    try {
      problem = JSON.readTree(body);
    } catch (RuntimeException notJson) {
      // Not problem+json (a proxy's page, say): the status says enough.
      return new ApiRefusedException(status, "the control plane answered HTTP " + status);
    }
    if (status == 401 && problem.path("type").asString("").endsWith("/unauthorized")) {
      return new ApiRefusedException(
          status,
          "the control plane did not accept the saved token or session (expired, revoked or"
              + " signed out): run paddock login again");
    }
    for (String field : new String[] {"detail", "title"}) {
      if (problem.path(field).isString() && !problem.path(field).asString().isBlank()) {
        return new ApiRefusedException(status, problem.path(field).asString());
      }
    }
    return new ApiRefusedException(status, "the control plane answered HTTP " + status);
  }

  private static InputStream counting(Path file, LongConsumer progress) {
    try {
      return new ProgressInputStream(Files.newInputStream(file), progress);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
