package dev.paddock.release;

import dev.paddock.web.ApiException;
import dev.paddock.web.ProblemType;

/** A release whose jar retention has deleted: it can no longer be deployed or rolled back to. */
class ReleaseGoneException extends ApiException {

  ReleaseGoneException(int version) {
    super(
        ProblemType.RELEASE_GONE,
        "Release v%d's jar was removed by retention (paddock.releases.retain): upload it again"
            .formatted(version));
  }
}
