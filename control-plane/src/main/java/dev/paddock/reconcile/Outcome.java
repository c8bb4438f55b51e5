package dev.paddock.reconcile;

import java.time.Duration;

/** What one reconcile pass of an app did. */
sealed interface Outcome {

  /** Actual state already matched. */
  record Unchanged() implements Outcome {}

  /** A new sandbox became healthy and now serves the app. */
  record Promoted(String sandbox) implements Outcome {}

  /** The app is gone, or has nothing to run: its sandboxes were removed. */
  record Removed(int count) implements Outcome {}

  /** The app went to sleep: its requests are held, and its {@code count} sandboxes removed. */
  record Slept(int count) implements Outcome {}

  /** A rollout's sandbox never became healthy; the live one, if any, still serves. */
  record Failed(String reason) implements Outcome {}

  /** The live sandbox crashed; a new one starts after {@code retryIn}. */
  record Recovering(String reason, Duration retryIn) implements Outcome {}

  /** Not yet: a crashed app waits out its restart delay; a scheduled pass comes back to it. */
  record Retry(String reason) implements Outcome {}

  /** Not yet: a sandbox this pass needs anew is still draining; a pass comes back soon. */
  record Draining(String sandbox) implements Outcome {}
}
