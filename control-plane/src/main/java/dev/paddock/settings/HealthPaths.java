package dev.paddock.settings;

import dev.paddock.web.ApiException;
import dev.paddock.web.ProblemType;
import java.util.regex.Pattern;

/** Which health-check paths an app may set: an absolute URL path and query, nothing else. */
final class HealthPaths {

  private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._~!$&'()*+,;=:@%/?-]{0,200}");

  private HealthPaths() {}

  /** The path, or null (an open port is enough); 400 for anything else. */
  static String check(String path) {
    if (path == null || path.isEmpty()) {
      return null;
    }
    if (!PATH.matcher(path).matches()) {
      throw new InvalidHealthPathException(path);
    }
    return path;
  }

  /** A health-check path that is not a plain URL path. */
  static class InvalidHealthPathException extends ApiException {
    InvalidHealthPathException(String path) {
      super(
          ProblemType.INVALID_HEALTH_CHECK,
          "'%s' is not a URL path such as /health".formatted(path.replaceAll("\\p{Cntrl}", "?")));
    }
  }
}
