package dev.paddock.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.util.unit.DataSize;

/** Sandbox settings and specs as the unit tests of the sandbox drivers need them. */
public final class TestSandboxes {

  private TestSandboxes() {}

  /** Paddock's default sandbox settings, for {@code driver}, with a test image. */
  public static SandboxProperties properties(SandboxProperties.Driver driver) {
    return new SandboxProperties(
        driver,
        "paddock/sandbox:test",
        null,
        Duration.ofSeconds(60),
        Duration.ofSeconds(10),
        DataSize.ofMegabytes(64),
        8080,
        9000,
        DataSize.ofMegabytes(10),
        2,
        "10.200.0.0/13",
        1.5);
  }

  /** A sandbox of acme's app hello, a handler jar or a runnable one, with the app's {@code env}. */
  public static SandboxSpec spec(boolean handler, Map<String, String> env) {
    return spec(handler, new Limits(DataSize.ofMegabytes(256), 1.0, 256), env);
  }

  /** A sandbox of acme's app hello with these limits and the app's {@code env}. */
  public static SandboxSpec spec(boolean handler, Limits limits, Map<String, String> env) {
    return new SandboxSpec(
        new SandboxSpec.Owner(1, "acme", 7, "hello"),
        11,
        3,
        2,
        "ab".repeat(32),
        Path.of("/data/releases/x.jar"),
        handler,
        100000,
        limits,
        env,
        null,
        Path.of("/data/run/acme/hello"),
        0,
        0,
        Duration.ofSeconds(60),
        null);
  }
}
