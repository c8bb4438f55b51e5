package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.support.Api;
import dev.paddock.support.InProcessPaddock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The install line the dashboard shows, pasted into a shell with an empty home: the control plane
 * serves its own command line, which then runs.
 */
class CliDownloadsIT extends InProcessPaddock {

  @TempDir Path home;

  @Test
  void theInstallLineInstallsACommandLineThatRuns() throws Exception {
    String url = "http://127.0.0.1:" + port;
    Run install = sh("curl -fsSL %s/cli/install.sh | sh".formatted(url));
    assertThat(install.exit()).as(install.out()).isZero();
    assertThat(install.out()).contains("paddock login --url " + url);

    Path command = home.resolve(".local/bin/paddock");
    assertThat(Files.isExecutable(command)).isTrue();
    Run version = sh(command + " --version");
    assertThat(version.exit()).as(version.out()).isZero();
    assertThat(version.out()).contains("paddock ");
  }

  @Test
  void aJavaTooOldIsNamedBeforeAnythingIsWritten() throws Exception {
    Path old = Files.createDirectories(home.resolve("old-jdk/bin"));
    Files.writeString(
        old.resolve("java"), "#!/bin/sh\necho '    java.specification.version = 17' >&2\n");
    old.resolve("java").toFile().setExecutable(true);
    Run install =
        sh(
            "JAVA_HOME=%s curl -fsSL http://127.0.0.1:%d/cli/install.sh | JAVA_HOME=%s sh"
                .formatted(home.resolve("old-jdk"), port, home.resolve("old-jdk")));
    assertThat(install.exit()).isNotZero();
    assertThat(install.out()).contains("needs Java 21 or newer, found 17");
    assertThat(home.resolve(".local")).doesNotExist();
  }

  @Test
  void aHostThatCannotStandInTheScriptIsRefused() {
    Api.Response hostile =
        api().send("GET", "/cli/install.sh", null, Map.of("Host", "x';touch${IFS}pwned;'"), null);
    assertThat(hostile.status()).isEqualTo(400);
    assertThat(hostile.body()).doesNotContain("#!/bin/sh");
  }

  private record Run(int exit, String out) {}

  /** A login shell's way: sh with this test's empty home, the JDK running the tests as Java. */
  private Run sh(String line) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder("sh", "-c", line).redirectErrorStream(true);
    builder.environment().put("HOME", home.toString());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().remove("PADDOCK_HOME");
    builder.environment().remove("PADDOCK_BIN");
    Path out = Files.createTempFile("sh", ".txt");
    try {
      Process process = builder.redirectOutput(out.toFile()).start();
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError(line + " did not end");
      }
      return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    } finally {
      Files.delete(out);
    }
  }
}
