package dev.paddock.runner;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Asks a runnable app's own health path whether it serves: 2xx or 3xx means yes. */
final class HttpProbe {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  private HttpProbe() {}

  static boolean answers(InetSocketAddress address, String path, Duration timeout) {
    URI uri = URI.create("http://127.0.0.1:" + address.getPort() + path);
    try {
      int status =
          HTTP.send(
                  HttpRequest.newBuilder(uri).timeout(timeout.multipliedBy(10)).GET().build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode();
      return status >= 200 && status < 400;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
