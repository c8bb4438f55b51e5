package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.support.Api;
import dev.paddock.support.InProcessPaddock;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.Tenancy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The built command line, run as a real process the way a script runs it, against the API. */
class CliIT extends InProcessPaddock {

  private static final Path JAR =
      Path.of(System.getProperty("paddock.repo.root", ".."), "cli", "target", "paddock-cli.jar");

  @TempDir Path home;
  private Tenancy acme;
  private final List<String> created = new ArrayList<>();

  /** One run of the CLI: its exit code and what it printed. */
  record Run(int exit, String out, String err) {}

  @BeforeEach
  void loggedIn() {
    assertThat(JAR).as("build it first: ./mvnw -pl cli package").exists();
    acme = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("cli"));
    Run login =
        cli(
            "login",
            "--url",
            "http://127.0.0.1:" + port,
            "--token",
            acme.token(),
            "--context",
            "it");
    assertThat(login.exit()).as(login.err()).isZero();
  }

  @AfterEach
  void cleanUp() {
    created.forEach(app -> acme.deleteApp(app, INSTALLATION));
  }

  @Test
  void aScriptCreatesDeploysConfiguresRollsBackAndDeletesAnApp() throws IOException {
    assertThat(Files.getPosixFilePermissions(config()))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(cli("whoami").out()).contains(acme.tenant());
    assertThat(cli("apps", "create", "web").exit()).isZero();
    created.add("web");

    Run deploy = cli("deploy", "web", Api.example("hello-handler").toString());
    assertThat(deploy.exit()).as(deploy.err()).isZero();
    assertThat(deploy.out()).contains("uploaded", "healthy", "live");

    Api.edge(EDGE_PORT, acme.host("web"), "/log?from-the-cli");
    Run logs = cli("logs", "web");
    assertThat(logs.exit()).isZero();

    Run env = cli("env", "set", "web", "GREETING=hej");
    assertThat(env.exit()).as(env.err()).isZero();
    assertThat(env.out()).contains("live");
    assertThat(cli("env", "list", "web").out()).contains("GREETING=hej");

    Run rollback = cli("rollback", "web", "1");
    assertThat(rollback.exit()).as(rollback.err()).isZero();
    assertThat(rollback.out()).contains("live");

    JsonNode apps = JsonMapper.builder().build().readTree(cli("apps", "--json").out());
    assertThat(apps.get(0).get("name").asString()).isEqualTo("web");
    assertThat(apps.get(0).get("status").asString()).isEqualTo("running");

    assertThat(cli("apps", "delete", "web").exit()).isEqualTo(2);
    Run delete = cli("apps", "delete", "web", "--yes");
    assertThat(delete.exit()).as(delete.err()).isZero();
    created.remove("web");
    Run gone = cli("apps", "show", "web");
    assertThat(gone.exit()).isEqualTo(1);
    assertThat(gone.err()).startsWith("error: ").doesNotContain("Exception");
  }

  @Test
  void aDeployThatCrashesExitsNonZeroWithTheReason() {
    assertThat(cli("apps", "create", "broken").exit()).isZero();
    created.add("broken");

    Run deploy = cli("deploy", "broken", Api.example("crashing").toString());

    assertThat(deploy.exit()).isEqualTo(1);
    assertThat(deploy.err()).contains("failed").doesNotContain("Exception");
  }

  private Path config() {
    return home.resolve("config.json");
  }

  private Run cli(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE);
    builder.environment().put("PADDOCK_CONFIG", config().toString());
    builder.environment().put("NO_COLOR", "1");
    try {
      Path out = Files.createTempFile(home, "out", ".txt");
      Path err = Files.createTempFile(home, "err", ".txt");
      Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      process.getOutputStream().close();
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("paddock " + String.join(" ", args) + " did not end");
      }
      return new Run(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
