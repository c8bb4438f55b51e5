package dev.paddock.streams;

import dev.paddock.web.ApiException;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** One stream more than a caller or a tenant may hold open. */
class TooManyStreamsException extends ApiException {

  private final Duration retryAfter;

  TooManyStreamsException(String detail, Duration retryAfter) {
    super(HttpStatus.TOO_MANY_REQUESTS, "too-many-streams", "Too many streams", detail);
    this.retryAfter = retryAfter;
  }

  @Override
  public HttpHeaders headers() {
    HttpHeaders headers = new HttpHeaders();
    headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, retryAfter.toSeconds())));
    return headers;
  }
}
