package dev.paddock.release;

import dev.paddock.web.ApiException;
import dev.paddock.web.ProblemType;

/** An upload that is not a jar Paddock can run; nothing of it is kept. */
class InvalidReleaseException extends ApiException {

  InvalidReleaseException(String detail) {
    super(ProblemType.INVALID_RELEASE, detail);
  }
}
