package dev.paddock.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks a sandbox-runner's internal endpoint whether its app serves, and what its JVM uses: the same
 * for every driver, since the runner is. Thread-safe.
 */
public class AdminProbe {

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final JsonMapper json = JsonMapper.builder().build();

  /** The runner's figures, or {@code null} when it does not answer. */
  public Usage.Jvm metrics(URI admin) {
    if (admin == null) {
      return null;
    }
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(admin.resolve("/metrics"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return null;
      }
      JsonNode m = json.readTree(response.body());
      return new Usage.Jvm(
          m.path("heapUsed").asLong(),
          m.path("heapAfterGc").asLong(),
          m.path("heapMax").asLong(),
          m.path("threads").asLong(),
          m.path("requests").asLong(),
          m.path("uptimeMillis").asLong());
    } catch (IOException | JacksonException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Up when the runner says its app serves; Starting while it does not, or does not answer. */
  public Health check(URI admin) {
    if (admin == null) {
      return new Health.Starting("no address yet");
    }
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(admin.resolve("/health"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200
          ? new Health.Up()
          : new Health.Starting(response.body().strip());
    } catch (IOException e) {
      return new Health.Starting("runner not answering yet");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Health.Starting("interrupted");
    }
  }
}
