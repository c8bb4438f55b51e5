package dev.paddock.release;

import dev.paddock.web.ApiException;
import dev.paddock.web.ProblemType;
import org.springframework.util.unit.DataSize;

/** An upload over {@code paddock.releases.max-size}; nothing of it is kept. */
class ReleaseTooLargeException extends ApiException {

  ReleaseTooLargeException(DataSize limit) {
    super(
        ProblemType.RELEASE_TOO_LARGE,
        "The jar is larger than the limit of %d MiB; make it smaller, or ask the admin to raise paddock.releases.max-size."
            .formatted(limit.toMegabytes()));
  }
}
