package dev.paddock.web;

import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A failure a client can act on; {@link ProblemHandler} turns it into {@code
 * application/problem+json} with a stable {@code type}.
 */
public abstract class ApiException extends RuntimeException {

  private final ProblemType type;

  protected ApiException(ProblemType type, String detail) {
    super(detail);
    this.type = type;
  }

  public HttpStatus status() {
    return type.status();
  }

  /** The problem's type URI: stable, documented, one per failure mode. */
  public URI type() {
    return type.uri();
  }

  public String title() {
    return type.title();
  }

  /** Headers the answer carries besides the problem, such as {@code Retry-After}. */
  public HttpHeaders headers() {
    return HttpHeaders.EMPTY;
  }
}
