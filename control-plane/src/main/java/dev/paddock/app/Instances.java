package dev.paddock.app;

import dev.paddock.web.ApiException;
import dev.paddock.web.ProblemType;

/** How many instances an app may ask for. */
final class Instances {

  static final int MAX = 16;

  private Instances() {}

  static int check(Integer instances) {
    if (instances == null || instances < 1 || instances > MAX) {
      throw new InvalidInstancesException(
          "instances must be between 1 and %d, got %s".formatted(MAX, instances));
    }
    return instances;
  }

  /** An instance count out of range. */
  static class InvalidInstancesException extends ApiException {
    InvalidInstancesException(String detail) {
      super(ProblemType.INVALID_INSTANCES, detail);
    }
  }
}
