package dev.paddock.settings;

import dev.paddock.web.ApiException;
import dev.paddock.web.ProblemType;
import java.util.Map;
import java.util.regex.Pattern;

/** Which env variables an app may set: portable names, not Paddock's own, values without NUL. */
final class EnvNames {

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
  private static final int MAX_VALUE = 32 * 1024;

  private EnvNames() {}

  static void check(Map<String, String> env) {
    if (env.size() > 200) {
      throw new InvalidEnvException("at most 200 variables, got " + env.size());
    }
    env.forEach(
        (name, value) -> {
          if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidEnvException(
                "'%s' is not a variable name: use letters, digits and '_', not starting with a digit"
                    .formatted(shown(name)));
          }
          if (name.equals("PORT") || name.startsWith("PADDOCK_")) {
            throw new InvalidEnvException("'%s' is set by Paddock itself".formatted(name));
          }
          if (value == null || value.indexOf('\0') >= 0 || value.length() > MAX_VALUE) {
            throw new InvalidEnvException(
                "the value of '%s' must be a string of at most 32 KiB without NUL".formatted(name));
          }
        });
  }

  /** A name as an error message may quote it: control characters escaped, at most 64 long. */
  private static String shown(String name) {
    if (name == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder();
    name.codePoints()
        .limit(64)
        .forEach(
            c -> {
              if (Character.isISOControl(c)) {
                out.append("\\u%04x".formatted(c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return name.codePointCount(0, name.length()) > 64 ? out + "…" : out.toString();
  }

  /** An env variable that cannot be set. */
  static class InvalidEnvException extends ApiException {
    InvalidEnvException(String detail) {
      super(ProblemType.INVALID_ENV, detail);
    }
  }
}
