package dev.paddock.web;

import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A failure a client can act on; {@link ProblemHandler} turns it into {@code
 * application/problem+json} with a stable {@code type}.
 */
public abstract class ApiException extends RuntimeException {

  private final HttpStatus status;
  private final String type;
  private final String title;

  protected ApiException(HttpStatus status, String type, String title, String detail) {
    super(detail);
    this.status = status;
    this.type = type;
    this.title = title;
  }

  public HttpStatus status() {
    return status;
  }

  /** The problem's type URI: stable, documented, one per failure mode. */
  public URI type() {
    return Problems.type(type);
  }

  public String title() {
    return title;
  }

  /** Headers the answer carries besides the problem, such as {@code Retry-After}. */
  public HttpHeaders headers() {
    return HttpHeaders.EMPTY;
  }
}
