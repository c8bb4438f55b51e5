package dev.paddock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {

  @TempDir Path home;

  @Test
  void aFileWrittenBeforeSessionsExistedIsStillRead() throws IOException {
    Path file = home.resolve("config.json");
    Files.writeString(
        file,
        """
        {"current":"prod","contexts":{"prod":
          {"url":"https://paddock.example.com","token":"t0k","tenant":"acme"}}}
        """);

    Config.Context prod = Config.load(file).context(null);

    assertThat(prod).isEqualTo(new Config.Context("https://paddock.example.com", "t0k", "acme"));
    assertThat(prod.auth()).isEqualTo("token");
  }

  @Test
  void contextsAreSavedForTheOwnerAloneAndSwitched() throws IOException {
    Path file = home.resolve("paddock").resolve("config.json");
    Config.load(file)
        .with("prod", new Config.Context("https://prod", "t", "acme"))
        .with("lab", new Config.Context("http://lab", null, null, "PADDOCK_SESSION=s", "c"))
        .save(file);

    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    Config saved = Config.load(file);
    assertThat(saved.current()).isEqualTo("lab");
    assertThat(saved.anyContext(null).auth()).isEqualTo("session");
    assertThat(saved.use("prod").context(null).url()).isEqualTo("https://prod");
  }

  @Test
  void aContextWithoutATenantServesOnlyPlatformCommands() {
    Config config =
        new Config(null, new java.util.TreeMap<>())
            .with("admin", new Config.Context("http://x", "t", null));

    assertThat(config.anyContext(null).url()).isEqualTo("http://x");
    assertThatThrownBy(() -> config.context(null)).isInstanceOf(UsageException.class);
    assertThatThrownBy(() -> config.use("nope"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("[admin]");
  }

  @Test
  void aMintedTokensNameFitsTheApisBound() {
    assertThat(LoginCommand.tokenName("a".repeat(64))).hasSize(64);
    assertThat(LoginCommand.tokenName("alice")).startsWith("cli-alice-");
  }
}
