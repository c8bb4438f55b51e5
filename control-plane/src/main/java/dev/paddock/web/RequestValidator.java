package dev.paddock.web;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Checks a request body's constraints where the controller says, after it has found the tenant and
 * checked the caller: a caller who may not see the tenant learns nothing from a body's faults,
 * which {@code @Valid} would report before.
 */
@Component
public class RequestValidator {

  private final Validator validator;

  RequestValidator(Validator validator) {
    this.validator = validator;
  }

  public <T> T check(T body) {
    if (body == null) {
      throw new InvalidRequestException("The request needs a JSON body.");
    }
    Set<ConstraintViolation<T>> violations = validator.validate(body);
    if (!violations.isEmpty()) {
      throw new InvalidRequestException(
          violations.stream()
              .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
              .map(v -> v.getPropertyPath() + " " + v.getMessage())
              .collect(Collectors.joining("; ")));
    }
    return body;
  }

  /** A body that breaks its constraints. */
  static class InvalidRequestException extends ApiException {
    InvalidRequestException(String detail) {
      super(ProblemType.INVALID_REQUEST, detail);
    }
  }
}
