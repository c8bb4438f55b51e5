package dev.paddock.examples.attacker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Looks for a way to more privileges: capabilities, the root uid, a setuid file, another program to
 * run. The checks of {@code /proc/self/status} are blocked when the protection is in force.
 */
final class PrivilegeAttempts {

  private static final Path STATUS = Path.of("/proc/self/status");
  private static final List<String> CAPABILITY_SETS =
      List.of("CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb");
  private static final String SETUID_MODE = "4755";

  private PrivilegeAttempts() {}

  static List<Callable<Attempt>> all() {
    List<Callable<Attempt>> attempts = new ArrayList<>();
    attempts.add(PrivilegeAttempts::capabilities);
    attempts.add(
        () -> {
          String value = status().get("NoNewPrivs");
          return new Attempt(
              "privileges: gain new ones on exec",
              STATUS + " NoNewPrivs",
              "1".equals(value),
              "NoNewPrivs " + value);
        });
    attempts.add(
        () -> {
          String value = status().get("Seccomp");
          return new Attempt(
              "privileges: unfiltered system calls",
              STATUS + " Seccomp",
              "2".equals(value),
              "Seccomp " + value + " (2 is a filter in force)");
        });
    attempts.add(PrivilegeAttempts::rootIds);
    attempts.add(
        () ->
            Attempt.expectFailure(
                "privileges: give a file to root",
                "/tmp (chown to uid 0)",
                () ->
                    withTmpFile(
                        file -> {
                          Files.setAttribute(file, "unix:uid", 0);
                          return "now owned by uid " + Files.getAttribute(file, "unix:uid");
                        })));
    attempts.add(PrivilegeAttempts::setuidFile);
    for (String program : List.of("/bin/sh", "su")) {
      attempts.add(
          () -> Attempt.expectFailure("privileges: run a program", program, () -> run(program)));
    }
    return attempts;
  }

  private static Attempt capabilities() throws IOException {
    Map<String, String> status = status();
    boolean none =
        CAPABILITY_SETS.stream().allMatch(set -> Long.parseUnsignedLong(status.get(set), 16) == 0);
    String detail =
        String.join(
            ", ", CAPABILITY_SETS.stream().map(set -> set + " " + status.get(set)).toList());
    return new Attempt("privileges: capabilities", STATUS + " Cap*", none, detail);
  }

  /**
   * Blocked when no user or group id of the process, real, effective, saved or file-system, is 0.
   */
  private static Attempt rootIds() throws IOException {
    Map<String, String> status = status();
    List<String> ids = new ArrayList<>();
    for (String field : List.of("Uid", "Gid", "Groups")) {
      ids.addAll(Arrays.asList(status.getOrDefault(field, "").split("\\s+")));
    }
    String detail =
        "Uid %s, Gid %s, Groups %s"
            .formatted(status.get("Uid"), status.get("Gid"), status.get("Groups"));
    return new Attempt("privileges: run as root", STATUS + " Uid", !ids.contains("0"), detail);
  }

  /**
   * Sets the setuid bit on a copy of the java binary in /tmp. The owner may do that, but the bit
   * grants nothing on a nosuid mount: blocked when /tmp is mounted nosuid.
   */
  private static Attempt setuidFile() {
    String name = "privileges: a setuid program in /tmp";
    String target = "/tmp (mode " + SETUID_MODE + ")";
    try {
      Mount tmp = Mount.at("/tmp").orElseThrow(() -> new IOException("/tmp is not a mount"));
      String mode =
          withTmpFile(
              file -> {
                Files.copy(
                    Path.of(System.getProperty("java.home"), "bin", "java"),
                    file,
                    StandardCopyOption.REPLACE_EXISTING);
                Files.setAttribute(file, "unix:mode", Integer.parseInt(SETUID_MODE, 8));
                int actual = (Integer) Files.getAttribute(file, "unix:mode") & 07777;
                return "mode %o, owner uid %s"
                    .formatted(actual, Files.getAttribute(file, "unix:uid"));
              });
      boolean nosuid = tmp.hasOption("nosuid");
      return new Attempt(
          name,
          target,
          nosuid,
          mode + "; /tmp is mounted " + tmp.options() + (nosuid ? ": the bit grants nothing" : ""));
    } catch (Exception e) {
      return new Attempt(name, target, true, Attempt.describe(e));
    }
  }

  private static String run(String program) throws Exception {
    Process process = new ProcessBuilder(program, "-c", "id").redirectErrorStream(true).start();
    process.getOutputStream().close();
    boolean exited = process.waitFor(2, TimeUnit.SECONDS);
    process.destroyForcibly();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return (exited ? "ran" : "started") + ", said: " + output.strip();
  }

  /** The fields of {@code /proc/self/status}, by name. */
  private static Map<String, String> status() throws IOException {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : Files.readAllLines(STATUS)) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        fields.put(line.substring(0, colon), line.substring(colon + 1).strip().replace('\t', ' '));
      }
    }
    return fields;
  }

  @FunctionalInterface
  private interface FileStep {
    String run(Path file) throws Exception;
  }

  /** Runs {@code step} on a new file in /tmp, deleted afterwards. */
  private static String withTmpFile(FileStep step) throws Exception {
    Path file = Files.createTempFile(Path.of("/tmp"), "attacker-", "");
    try {
      return step.run(file);
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
