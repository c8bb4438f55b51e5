package dev.paddock.sandbox.docker;

import com.github.dockerjava.transport.DockerHttpClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Times every call of the control plane to the Docker engine, until the engine answers (its status
 * line; a body the caller reads afterwards is not counted): {@code paddock.engine.calls}, tagged
 * with the method and the API path, ids and names replaced by {@code {id}} ({@code GET
 * /containers/{id}/json}), with its median and 99th percentile. A slow engine shows here before
 * deploys time out.
 */
final class TimedEngineCalls implements DockerHttpClient {

  static final String METER = "paddock.engine.calls";

  /** A path segment kept as it is: the API's own words ({@code json}, {@code start}, …). */
  private static final Pattern WORD = Pattern.compile("[a-z_]{1,16}");

  private static final Pattern VERSION = Pattern.compile("v\\d+\\.\\d+");

  private final DockerHttpClient http;
  private final MeterRegistry registry;

  TimedEngineCalls(DockerHttpClient http, MeterRegistry registry) {
    this.http = http;
    this.registry = registry;
  }

  @Override
  public Response execute(Request request) {
    Timer.Sample sample = Timer.start(registry);
    try {
      return http.execute(request);
    } finally {
      sample.stop(
          Timer.builder(METER)
              .description("Calls to the Docker engine, until it answers")
              .tag("call", request.method() + " " + template(request.path()))
              .publishPercentiles(0.5, 0.99)
              .register(registry));
    }
  }

  @Override
  public void close() throws IOException {
    http.close();
  }

  /**
   * The API path without its version and query, as {@code /collection[/{id}][/action]}: what lies
   * between the collection and the last segment (an id, a name, an image's name with its slashes)
   * is {@code {id}}, and so is a last segment that is not one of the API's words. {@code
   * /v1.41/images/library/x:1/json?a=b} is {@code /images/{id}/json}.
   */
  static String template(String path) {
    int query = path.indexOf('?');
    List<String> segments = new ArrayList<>();
    for (String segment : (query < 0 ? path : path.substring(0, query)).split("/")) {
      if (!segment.isEmpty() && !(segments.isEmpty() && VERSION.matcher(segment).matches())) {
        segments.add(segment);
      }
    }
    if (segments.isEmpty()) {
      return "/";
    }
    String last = segments.getLast();
    String collection = "/" + segments.getFirst();
    return switch (segments.size()) {
      case 1 -> collection;
      case 2 -> collection + (WORD.matcher(last).matches() ? "/" + last : "/{id}");
      default -> collection + "/{id}" + (WORD.matcher(last).matches() ? "/" + last : "");
    };
  }
}
