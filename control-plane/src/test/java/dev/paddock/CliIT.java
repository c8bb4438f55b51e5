package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.support.Api;
import dev.paddock.support.InProcessPaddock;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.Tenancy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
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

  private static final JsonMapper JSON = JsonMapper.builder().build();

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

    // People see the memory the app uses of what its limit allows, once the instance rolled back
    // from has drained (until then the listing says 2/1).
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(cli("apps").out()).containsPattern("web +running +1/1 +\\S+B / 256MiB"));
    JsonNode apps = JSON.readTree(cli("apps", "--json").out());
    assertThat(apps.get(0).get("name").asString()).isEqualTo("web");
    assertThat(apps.get(0).get("status").asString()).isEqualTo("running");

    aScriptReadsAndChangesTheAppsSettings();

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

  /** Each command beyond the walkthrough, once, against the app the walkthrough left running. */
  private void aScriptReadsAndChangesTheAppsSettings() {
    Run releases = cli("releases", "web");
    assertThat(releases.out()).as(releases.err()).contains("* v1", "v2", "GREETING");
    assertThat(json("releases", "web", "--json")).hasSizeGreaterThanOrEqualTo(2);

    Run limits = cli("limits", "web", "--cpus", "0.5");
    assertThat(limits.out()).as(limits.err()).contains("0.5", "in place");
    assertThat(json("limits", "web", "--json").get("cpus").asDouble()).isEqualTo(0.5);

    String host = Infrastructure.uniqueName("www") + ".example.org";
    assertThat(cli("domains", "web", "add", host).out())
        .contains(host + ": pending")
        .contains("TXT record _paddock." + host);
    assertThat(json("domains", "web", "--json").get(0).asString()).isEqualTo(host);
    assertThat(cli("domains", "web").out()).containsPattern(host + " +pending");
    assertThat(cli("domains", "web", "verify", host).out()).contains("Last check: ");
    assertThat(cli("domains", "web", "remove", host).exit()).isZero();
    assertThat(json("domains", "web", "--json")).isEmpty();

    Run events = cli("events", "web", "-n", "20");
    assertThat(events.out()).as(events.err()).startsWith("AT").contains("deploy");
    assertThat(json("metrics", "web", "--json").has("window")).isTrue();
    // Off a terminal the metrics are a table of readings, or a line saying there are none yet.
    assertThat(cli("metrics", "web").out()).containsAnyOf("INSTANCE", "No readings");

    Run scale = cli("scale", "web", "2", "--json");
    assertThat(JSON.readTree(scale.out()).get("scale").asInt()).as(scale.err()).isEqualTo(2);

    String minted = cli("tokens", "create", "ci", "--role", "viewer").out().strip();
    assertThat(minted).isNotBlank();
    assertThat(cli("tokens").out()).contains("ci", "viewer");
    assertThat(cli("tokens", "revoke", "ci").exit()).isZero();
    assertThat(json("tokens", "--json").findValues("revokedAt")).anyMatch(at -> !at.isNull());
    assertThat(cli("members").out()).startsWith("USER");
  }

  @Test
  void theAdminManagesTenantsAndUsersAndAUserSignsInWithAPassword() {
    String owner = Infrastructure.uniqueName("owner");
    String developer = Infrastructure.uniqueName("dev");
    String password = "correct horse battery staple";
    String url = "http://127.0.0.1:" + port;
    try {
      Run admin = cli("login", "--url", url, "--token", ADMIN, "--context", "admin");
      assertThat(admin.exit()).as(admin.err()).isZero();
      assertThat(cli("tenants").out()).contains(acme.tenant());
      Run narrowed =
          cli(
              "tenants",
              "egress",
              acme.tenant(),
              "--internet",
              "false",
              "--allow",
              "192.0.2.0/24:5432");
      assertThat(narrowed.out())
          .as(narrowed.err())
          .contains("internet: no", "allow:    192.0.2.0/24:5432", "169.254.0.0/16");
      Run refused = cli("tenants", "egress", acme.tenant(), "--allow", "169.254.169.254");
      assertThat(refused.exit()).isNotZero();
      assertThat(refused.err()).contains("always denied");
      assertThat(cli("tenants", "egress", acme.tenant(), "--reset").out())
          .contains("internet: yes (the platform's choice)");
      assertThat(input(password + "\n", "users", "create", owner).exit()).isZero();
      assertThat(input(password + "\n", "users", "create", developer).exit()).isZero();
      assertThat(json("users", "--json").findValuesAsString("name")).contains(owner, developer);

      cli("context", "use", "it");
      assertThat(cli("members", "add", owner, "--role", "owner").exit()).isZero();
      assertThat(cli("members", "add", developer, "--role", "developer").exit()).isZero();
      assertThat(cli("members").out()).contains(owner, developer);

      // An owner's password is traded for a token minted for the CLI.
      Run ownerLogin =
          input(password + "\n", "login", "--url", url, "--user", owner, "--context", "o");
      assertThat(ownerLogin.out()).as(ownerLogin.err()).contains("with a token");
      assertThat(cli("tokens").out()).contains("cli-" + owner);

      // A developer keeps a session; a change through it carries the session's CSRF token.
      Run devLogin =
          input(password + "\n", "login", "--url", url, "--user", developer, "--context", "d");
      assertThat(devLogin.out()).as(devLogin.err()).contains("with a session", acme.tenant());
      Run create = cli("apps", "create", "by-session");
      assertThat(create.exit()).as(create.err()).isZero();
      created.add("by-session");
      assertThat(cli("tokens").err()).startsWith("error: ");

      Run contexts = cli("context", "list");
      assertThat(contexts.out()).contains("admin", "it", "o", "session");
      assertThat(cli("context", "use", "it").exit()).isZero();
      assertThat(cli("whoami").out()).contains("token:owner");

      Run wrong = input("not it\n", "login", "--url", url, "--user", owner);
      assertThat(wrong.exit()).isEqualTo(1);
      assertThat(wrong.err()).contains("wrong").doesNotContain("Exception");
    } finally {
      api().delete("api/v1/users/" + owner, ADMIN);
      api().delete("api/v1/users/" + developer, ADMIN);
    }
  }

  private JsonNode json(String... args) {
    Run run = cli(args);
    assertThat(run.exit()).as(run.err()).isZero();
    return JSON.readTree(run.out());
  }

  private Path config() {
    return home.resolve("config.json");
  }

  private Run cli(String... args) {
    return input("", args);
  }

  /** A run with {@code stdin} as its standard input, as a pipe gives it. */
  private Run input(String stdin, String... args) {
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
      try (var in = process.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
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
