package dev.paddock.idle;

import dev.paddock.sandbox.Activator;
import dev.paddock.web.ApiException;
import dev.paddock.web.ProblemType;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * What a {@code sleepAfter} may be here, an app's own or a tenant's default: within {@code
 * paddock.idle.*}, and only where something can hold a sleeping app's requests.
 */
@Component
class SleepAfterRule {

  private final IdleProperties properties;
  private final ObjectProvider<Activator> activator;

  SleepAfterRule(IdleProperties properties, ObjectProvider<Activator> activator) {
    this.properties = properties;
    this.activator = activator;
  }

  /** Throws a problem saying what to send, unless {@code sleepAfter} is null (never) or allowed. */
  void check(Duration sleepAfter) {
    if (sleepAfter == null) {
      return;
    }
    if (activator.getIfAvailable() == null) {
      throw new Refused(
          ProblemType.SLEEP_UNSUPPORTED,
          "Apps on Kubernetes cannot sleep here yet: nothing would hold their requests.");
    }
    if (sleepAfter.compareTo(properties.minimum()) < 0
        || sleepAfter.compareTo(properties.maximum()) > 0) {
      throw new Refused(
          ProblemType.INVALID_SLEEP_AFTER,
          "sleepAfter must be between %s and %s, got %s"
              .formatted(properties.minimum(), properties.maximum(), sleepAfter));
    }
  }

  /** A sleepAfter this installation does not take. */
  static class Refused extends ApiException {
    Refused(ProblemType type, String detail) {
      super(type, detail);
    }
  }
}
