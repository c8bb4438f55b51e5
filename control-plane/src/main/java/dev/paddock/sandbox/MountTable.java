package dev.paddock.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * This process's mount table ({@code /proc/self/mountinfo}, see proc(5)), read for what a path's
 * mount passes on: a mount made below a path on a shared mount (or a mount that receives from one)
 * reaches every copy of it, the Docker engine's and the control plane's own.
 */
final class MountTable {

  private static final Pattern OCTAL = Pattern.compile("\\\\([0-7]{3})");

  private final List<String> lines;

  MountTable(List<String> lines) {
    this.lines = List.copyOf(lines);
  }

  /** The table as this process sees it now. */
  static MountTable ofThisProcess() throws IOException {
    return new MountTable(Files.readAllLines(Path.of("/proc/self/mountinfo")));
  }

  /**
   * The propagation of the mount that holds {@code path}, as in findmnt: shared, slave or private.
   */
  Optional<String> propagation(Path path) {
    String best = null;
    String propagation = null;
    for (String line : lines) {
      String[] fields = line.split(" ");
      int separator = List.of(fields).indexOf("-");
      if (fields.length < 7 || separator < 6) {
        continue;
      }
      String point = unescape(fields[4]);
      // The last of equal mount points is the one on top; a longer one holds the path closer.
      if (path.startsWith(point) && (best == null || point.length() >= best.length())) {
        best = point;
        propagation = of(List.of(fields).subList(6, separator));
      }
    }
    return Optional.ofNullable(propagation);
  }

  private static String of(List<String> optional) {
    if (optional.stream().anyMatch(f -> f.startsWith("shared:"))) {
      return "shared";
    }
    return optional.stream().anyMatch(f -> f.startsWith("master:")) ? "slave" : "private";
  }

  private static String unescape(String field) {
    Matcher m = OCTAL.matcher(field);
    return m.replaceAll(
        r -> Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(r.group(1), 8))));
  }
}
