package dev.paddock.metrics;

import dev.paddock.app.App;
import dev.paddock.web.ApiException;
import dev.paddock.web.ProblemType;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** An app's sandboxes' readings over time, one series per sandbox. */
@RestController
class MetricsController {

  private final Samples samples;
  private final Sampler sampler;
  private final MetricsProperties properties;
  private final Clock clock;

  MetricsController(Samples samples, Sampler sampler, MetricsProperties properties, Clock clock) {
    this.samples = samples;
    this.sampler = sampler;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * @param interval how often each sandbox is sampled now (longer than the configured interval when
   *     more sandboxes run than the readings a second allow)
   * @param window how far back samples go at most
   */
  record Metrics(Duration interval, Duration window, List<Samples.Series> instances) {}

  /**
   * @param last how far back to read, an ISO-8601 duration ({@code PT15M}); the whole window when
   *     absent
   */
  @GetMapping("/api/v1/tenants/{tenant}/apps/{app}/metrics")
  Metrics metrics(App app, @RequestParam(required = false) String last) {
    Duration span = last == null ? properties.window() : span(last);
    return new Metrics(
        sampler.every(), properties.window(), samples.of(app.id(), clock.instant().minus(span)));
  }

  private Duration span(String last) {
    try {
      Duration span = Duration.parse(last);
      if (span.isNegative() || span.isZero() || span.compareTo(properties.window()) > 0) {
        throw new InvalidSpanException(
            "last must be a positive duration of at most %s, got %s"
                .formatted(properties.window(), last));
      }
      return span;
    } catch (DateTimeParseException e) {
      throw new InvalidSpanException(
          "last must be an ISO-8601 duration such as PT15M, got '%s'".formatted(last));
    }
  }

  /** A time span that is not a duration or lies outside the window. */
  static class InvalidSpanException extends ApiException {
    InvalidSpanException(String detail) {
      super(ProblemType.INVALID_SPAN, detail);
    }
  }
}
