package dev.paddock.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * The saved contexts, one per control plane, and which one is current. Kept in {@code
 * $PADDOCK_CONFIG} when set, else {@code ~/.config/paddock/config.json}, readable by its owner
 * alone since it holds tokens.
 */
record Config(String current, Map<String, Context> contexts) {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * Where one control plane is and who the CLI is there: a token, or a signed-in user's session
   * cookie with its CSRF token. Files written before sessions existed have neither session field.
   */
  record Context(String url, String token, String tenant, String session, String csrf) {

    Context(String url, String token, String tenant) {
      this(url, token, tenant, null, null);
    }

    /** How this context signs its calls, as {@code context list} shows it. */
    String auth() {
      return token != null ? "token" : session != null ? "session" : "none";
    }
  }

  static Path path() {
    String configured = System.getenv("PADDOCK_CONFIG");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return Path.of(System.getProperty("user.home"), ".config", "paddock", "config.json");
  }

  static Config load() {
    return load(path());
  }

  static Config load(Path path) {
    if (!Files.exists(path)) {
      return new Config(null, new TreeMap<>());
    }
    Config config = JSON.readValue(path.toFile(), Config.class);
    return new Config(
        config.current(),
        config.contexts() == null ? new TreeMap<>() : new TreeMap<>(config.contexts()));
  }

  Config with(String name, Context context) {
    Map<String, Context> all = new TreeMap<>(contexts);
    all.put(name, context);
    return new Config(name, all);
  }

  /** This configuration with {@code name} as the current context. */
  Config use(String name) {
    if (!contexts.containsKey(name)) {
      throw new UsageException(
          "no context '%s': the saved ones are %s".formatted(name, contexts.keySet()));
    }
    return new Config(name, contexts);
  }

  /** The named context, or the current one when {@code name} is null; it must have a tenant. */
  Context context(String name) {
    Context context = anyContext(name);
    if (context.tenant() == null) {
      throw new UsageException("context has no tenant: run paddock login with --tenant NAME");
    }
    return context;
  }

  /** The named context, or the current one when {@code name} is null, with or without a tenant. */
  Context anyContext(String name) {
    String wanted = name != null ? name : current;
    Context context = wanted == null ? null : contexts.get(wanted);
    if (context == null) {
      throw new UsageException(
          wanted == null
              ? "not logged in: run paddock login --url URL --token TOKEN"
              : "no context '%s' in %s".formatted(wanted, path()));
    }
    return context;
  }

  void save() {
    save(path());
  }

  /** Writes the file whole, readable by its owner alone, then moves it over the old one. */
  void save(Path path) {
    try {
      Path parent = path.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path temp = Files.createTempFile(parent, ".config", ".json");
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
      JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), this);
      Files.move(
          temp,
          path,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
