package dev.paddock.examples.attacker;

/**
 * One try at getting out of the sandbox and how it ended.
 *
 * @param name what was tried, such as {@code network: PostgreSQL}
 * @param target the address, path or setting it was tried on
 * @param blocked true when the attack did not succeed
 * @param detail what happened: the error, or what was reached or read
 */
record Attempt(String name, String target, boolean blocked, String detail) {

  /** An attack step that returns what it achieved, or throws when the sandbox stops it. */
  @FunctionalInterface
  interface Step {
    String run() throws Exception;
  }

  /** Runs {@code step}: an exception means blocked, a return means the attack succeeded. */
  static Attempt expectFailure(String name, String target, Step step) {
    try {
      return new Attempt(name, target, false, step.run());
    } catch (Exception e) {
      return new Attempt(name, target, true, describe(e));
    }
  }

  /** The exception's simple class name and message, as the attempt's detail. */
  static String describe(Throwable e) {
    return e.getMessage() == null
        ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  String toJson() {
    return "{\"name\": %s, \"target\": %s, \"blocked\": %b, \"detail\": %s}"
        .formatted(Json.string(name), Json.string(target), blocked, Json.string(detail));
  }
}
