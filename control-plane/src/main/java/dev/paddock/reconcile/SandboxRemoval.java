package dev.paddock.reconcile;

import dev.paddock.sandbox.Sandbox;
import dev.paddock.sandbox.SandboxDriver;
import dev.paddock.sandbox.SandboxSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** Removes a sandbox together with its socket, if that was never switched into place. */
@Component
class SandboxRemoval {

  private final SandboxDriver driver;

  SandboxRemoval(SandboxDriver driver) {
    this.driver = driver;
  }

  void remove(Sandbox sandbox, Path socketDir, Duration grace) {
    driver.remove(sandbox, grace);
    try {
      Files.deleteIfExists(socketDir.resolve(SandboxSpec.socketName(sandbox.specHash())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
