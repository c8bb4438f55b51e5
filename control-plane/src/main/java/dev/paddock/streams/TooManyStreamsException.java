package dev.paddock.streams;

import dev.paddock.web.ApiException;
import dev.paddock.web.ProblemType;
import java.time.Duration;
import org.springframework.http.HttpHeaders;

/** One stream more than a caller or a tenant may hold open. */
class TooManyStreamsException extends ApiException {

  private final Duration retryAfter;

  TooManyStreamsException(String detail, Duration retryAfter) {
    super(ProblemType.TOO_MANY_STREAMS, detail);
    this.retryAfter = retryAfter;
  }

  @Override
  public HttpHeaders headers() {
    HttpHeaders headers = new HttpHeaders();
    headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, retryAfter.toSeconds())));
    return headers;
  }
}
