package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.support.InProcessPaddock;
import dev.paddock.support.Infrastructure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's walkthrough, taken from the README and run by bash as a reader pastes it, so that
 * the README cannot drift from the API. Only what ties it to one machine changes: the admin token,
 * the ports, and the tenant's name (unique per run).
 */
class ReadmeWalkthroughIT extends InProcessPaddock {

  private static final Path ROOT = Path.of(System.getProperty("paddock.repo.root", ".."));

  @TempDir Path home;

  @Test
  void theWalkthroughRunsAsWritten() throws IOException, InterruptedException {
    String tenant = Infrastructure.uniqueName("acme");
    String script =
        walkthrough()
            .replaceFirst("(?m)^ADMIN=.*$", "ADMIN=" + ADMIN)
            .replace("http://127.0.0.1:8080/", "http://127.0.0.1:%d/".formatted(port))
            .replace(".localhost:8000/", ".localhost:%d/".formatted(EDGE_PORT))
            .replaceAll("\\bacme\\b", tenant);

    ProcessBuilder bash =
        new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
            .directory(ROOT.toFile())
            .redirectErrorStream(true);
    bash.environment().put("HOME", home.toString());
    Path out = home.resolve("out.txt");
    Process process = bash.redirectOutput(out.toFile()).start();
    boolean ended = process.waitFor(5, TimeUnit.MINUTES);
    String printed = Files.readString(out, StandardCharsets.UTF_8);
    if (!ended) {
      process.destroyForcibly();
    }
    assertThat(ended).as("the walkthrough did not end:\n" + printed).isTrue();
    assertThat(process.exitValue()).as(printed).isZero();
    assertThat(printed)
        .contains("\"name\":\"" + tenant + "\"")
        .contains("live\n")
        .contains("Hello from Paddock (handler)");
    assertThat(api().get("api/v1/tenants/%s/apps".formatted(tenant), ADMIN).json().size())
        .as("the walkthrough's last step deletes the app")
        .isZero();
  }

  /** The first shell block under the README's "Walkthrough" heading. */
  private static String walkthrough() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    String section = readme.substring(readme.indexOf("\n## Walkthrough\n"));
    Matcher block = Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL).matcher(section);
    assertThat(block.find()).as("README's walkthrough has a sh block").isTrue();
    return block.group(1);
  }
}
