package dev.paddock.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A client of Paddock's REST API, as a script would use it. */
public record Api(URI base) {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** One response; {@code json} is null when the body is not JSON. */
  public record Response(int status, String contentType, String body, HttpHeaders headers) {
    public JsonNode json() {
      return JSON.readTree(body);
    }

    public String text(String field) {
      return json().get(field).asString();
    }
  }

  public Response get(String path, String token) {
    return send(request(path, token).GET());
  }

  public Response delete(String path, String token) {
    return send(request(path, token).DELETE());
  }

  public Response put(String path, String token, Map<String, ?> body) {
    return send(
        request(path, token)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
  }

  public Response post(String path, String token, Map<String, ?> body) {
    return post(path, token, JSON.writeValueAsString(body));
  }

  public Response post(String path, String token, String json) {
    return send(
        request(path, token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  public Response upload(String path, String token, Path jar) {
    try {
      return send(
          request(path, token)
              .header("Content-Type", "application/java-archive")
              .POST(HttpRequest.BodyPublishers.ofFile(jar)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Any request, as a client that gets things wrong might send it. */
  public Response send(
      String method, String path, String token, Map<String, String> headers, String body) {
    HttpRequest.Builder builder =
        request(path, token)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(builder::header);
    return send(builder);
  }

  private HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    return token == null ? builder : builder.header("Authorization", "Bearer " + token);
  }

  private static Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(
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

  /** A GET through the httpd edge with the app's host name, as a browser would send it. */
  public static Response edge(int port, String host, String path) {
    return send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Host", host)
            .timeout(Duration.ofSeconds(10))
            .GET());
  }

  /** The example jars built by the examples module. */
  public static Path example(String name) {
    Path root = Path.of(System.getProperty("paddock.repo.root", ".."));
    return root.resolve("examples").resolve(name).resolve("target").resolve(name + ".jar");
  }
}
