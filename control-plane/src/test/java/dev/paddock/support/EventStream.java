package dev.paddock.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A server-sent event stream read through the edge as it arrives: the sandbox that serves it, and
 * its events' data. The apps' streams never end by themselves, so events can be read at all only if
 * httpd passes each one on as it comes instead of holding the response back.
 */
public final class EventStream implements AutoCloseable {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final HttpResponse<Stream<String>> response;
  private final Iterator<String> data;

  public EventStream(int edgePort, String host, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edgePort + path))
            .header("Host", host)
            .header("Accept", "text/event-stream")
            .build();
    response =
        HttpClient.newHttpClient()
            .sendAsync(request, HttpResponse.BodyHandlers.ofLines())
            .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    data =
        response
            .body()
            .filter(line -> line.startsWith("data:"))
            .map(line -> line.substring("data:".length()).replaceFirst("^ ", ""))
            .iterator();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/event-stream");
  }

  /** The sandbox that serves it, as the runner names itself in a response header. */
  public String sandbox() {
    return response.headers().firstValue("Sandbox").orElseThrow();
  }

  /** The data of the next {@code count} events. */
  public List<String> next(int count) throws Exception {
    return CompletableFuture.supplyAsync(() -> Stream.generate(data::next).limit(count).toList())
        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  /**
   * The data of the events until the stream ends; fails if it does not end cleanly: the client
   * reports a chunked body cut before its last chunk as an error.
   */
  public List<String> rest(Duration atMost) throws Exception {
    return CompletableFuture.supplyAsync(
            () -> {
              List<String> events = new ArrayList<>();
              data.forEachRemaining(events::add);
              return events;
            })
        .get(atMost.toSeconds(), TimeUnit.SECONDS);
  }

  /** Reads on until the stream ends, whether it ends cleanly or its connection is cut. */
  public void awaitEnd() throws Exception {
    CompletableFuture.runAsync(
            () -> {
              try {
                data.forEachRemaining(event -> {});
              } catch (UncheckedIOException cut) {
                // a connection closed in the middle of the chunked body ends the stream too
              }
            })
        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    response.body().close();
  }
}
