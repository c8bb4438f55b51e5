package dev.paddock.reconcile;

/** What one reconcile pass of an app did. */
sealed interface Outcome {

  /** Actual state already matched. */
  record Unchanged() implements Outcome {}

  /** A new sandbox became healthy and now serves the app. */
  record Promoted(String sandbox) implements Outcome {}

  /** The app is gone, or has nothing to run: its sandboxes were removed. */
  record Removed(int count) implements Outcome {}

  /**
   * A sandbox never became healthy. When it was a deploy's ({@code reverted}), the target went back
   * to the live release, which the next pass makes sure of.
   */
  record Failed(String reason, boolean reverted) implements Outcome {}

  /** The engine or the edge refused; the next pass tries again. */
  record Retry(String reason) implements Outcome {}
}
