package dev.paddock.sandbox.docker;

import dev.paddock.sandbox.Health;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Asks a sandbox-runner's internal endpoint whether its app serves. */
class AdminProbe {

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  Health check(URI admin) {
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
