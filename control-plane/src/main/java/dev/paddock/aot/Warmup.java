package dev.paddock.aot;

import dev.paddock.web.ApiException;
import dev.paddock.web.ProblemType;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The paths a release's AOT training asks after its health path, so that the classes serving them
 * are in the cache too: at most {@value #MAX_PATHS}, each an absolute path of at most {@value
 * #MAX_LENGTH} visible ASCII characters.
 */
record Warmup(List<String> paths) {

  static final int MAX_PATHS = 16;
  static final int MAX_LENGTH = 256;
  private static final Pattern PATH = Pattern.compile("/[\\x21-\\x7e]*");

  Warmup {
    paths = paths == null ? List.of() : List.copyOf(paths);
  }

  Warmup checked() {
    if (paths.size() > MAX_PATHS) {
      throw new InvalidWarmupException(
          "at most %d warm-up paths, got %d".formatted(MAX_PATHS, paths.size()));
    }
    for (String path : paths) {
      if (path == null || path.length() > MAX_LENGTH || !PATH.matcher(path).matches()) {
        throw new InvalidWarmupException(
            "each warm-up path starts with / and has at most %d visible characters, no spaces: %s"
                .formatted(MAX_LENGTH, path == null ? "null" : '"' + abbreviate(path) + '"'));
      }
    }
    return this;
  }

  private static String abbreviate(String path) {
    String printable = path.replaceAll("[^\\x20-\\x7e]", "?");
    return printable.length() > 60 ? printable.substring(0, 60) + "…" : printable;
  }

  static class InvalidWarmupException extends ApiException {
    InvalidWarmupException(String detail) {
      super(ProblemType.INVALID_WARMUP, detail);
    }
  }
}
