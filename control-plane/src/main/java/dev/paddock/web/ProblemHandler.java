package dev.paddock.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** The one place that turns exceptions into RFC 9457 problem details; never a stack trace. */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  @ExceptionHandler(ApiException.class)
  ResponseEntity<ProblemDetail> api(ApiException e) {
    return ResponseEntity.status(e.status()).headers(e.headers()).body(problem(e));
  }

  private static ProblemDetail problem(ApiException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
    problem.setType(e.type());
    problem.setTitle(e.title());
    return problem;
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ProblemDetail pathVariable(MethodArgumentTypeMismatchException e) {
    ApiException cause = apiCause(e);
    if (cause != null) {
      return problem(cause);
    }
    return Problems.of(
        ProblemType.INVALID_REQUEST, "'%s' is not a valid %s".formatted(e.getValue(), e.getName()));
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e) {
    DatabaseAway.Refusal refusal = DatabaseAway.refusal(e);
    if (refusal != null) {
      return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
          .header(HttpHeaders.RETRY_AFTER, refusal.retryAfterSeconds())
          .body(refusal.problem());
    }
    log.error("Unexpected error", e);
    return ResponseEntity.internalServerError()
        .body(
            Problems.of(
                ProblemType.INTERNAL,
                "The control plane failed to handle this request; the error is in its log."));
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    ApiException cause = apiCause(e);
    ProblemDetail problem =
        cause != null
            ? problem(cause)
            : Problems.of(
                ProblemType.INVALID_REQUEST,
                "The request body is not valid JSON for this endpoint.");
    return ResponseEntity.status(problem.getStatus()).body(problem);
  }

  /**
   * Spring's own refusals (405, 406, 415 and the like) get a type of ours and a hint; their detail
   * already names what was refused.
   */
  @Override
  protected ResponseEntity<Object> createResponseEntity(
      Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    if (body instanceof ProblemDetail problem
        && (problem.getType() == null || problem.getType().toString().equals("about:blank"))) {
      HttpStatus known = HttpStatus.resolve(status.value());
      ProblemType type = ProblemType.ofRefusal(known == null ? HttpStatus.BAD_REQUEST : known);
      problem.setType(type.uri());
      if (status.value() == 415) {
        problem.setDetail(
            problem.getDetail() + " Send JSON with 'Content-Type: application/json'.");
      }
    }
    return super.createResponseEntity(body, headers, status, request);
  }

  private static ApiException apiCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ApiException api) {
        return api;
      }
    }
    return null;
  }
}
