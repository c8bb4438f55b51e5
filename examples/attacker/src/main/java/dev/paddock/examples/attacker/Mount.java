package dev.paddock.examples.attacker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of {@code /proc/self/mountinfo}: what is mounted where in this sandbox.
 *
 * @param point where it is mounted, such as {@code /tmp}
 * @param root the path inside its file system that appears there (a host path for a bind mount)
 * @param options the per-mount options, such as {@code rw,nosuid,nodev}
 * @param type the file system type, such as {@code tmpfs}
 * @param source where it comes from, such as a device
 */
record Mount(String point, String root, String options, String type, String source) {

  private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");
  private static final Pattern OCTAL_ESCAPE = Pattern.compile("\\\\([0-7]{3})");

  /** Every mount this process sees, in the kernel's order. */
  static List<Mount> all() throws IOException {
    List<Mount> mounts = new ArrayList<>();
    for (String line : Files.readAllLines(MOUNTINFO)) {
      // id parent major:minor root point options [optional fields...] - type source super-options
      List<String> fields = Arrays.asList(line.split(" "));
      int separator = fields.indexOf("-");
      mounts.add(
          new Mount(
              unescape(fields.get(4)),
              unescape(fields.get(3)),
              fields.get(5),
              fields.get(separator + 1),
              unescape(fields.get(separator + 2))));
    }
    return mounts;
  }

  /** The mount visible at {@code point}: the last one mounted there, if any. */
  static Optional<Mount> at(String point) throws IOException {
    return all().stream().filter(mount -> mount.point().equals(point)).reduce((a, b) -> b);
  }

  boolean hasOption(String option) {
    return Arrays.asList(options.split(",")).contains(option);
  }

  @Override
  public String toString() {
    return point + " (" + type + " " + source + " " + options + ")";
  }

  /** Undoes the kernel's octal escapes of spaces, tabs, newlines and backslashes. */
  private static String unescape(String field) {
    Matcher matcher = OCTAL_ESCAPE.matcher(field);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      char c = (char) Integer.parseInt(matcher.group(1), 8);
      matcher.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(c)));
    }
    return matcher.appendTail(out).toString();
  }
}
