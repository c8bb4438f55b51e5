package dev.paddock.reconcile;

import dev.paddock.Installation;
import dev.paddock.sandbox.SandboxProperties;
import java.nio.file.Path;
import org.springframework.stereotype.Component;

/**
 * Where apps' Unix sockets live: {@code <root>/<tenant>/<app>/}, holding each sandbox's own socket
 * until it is renamed onto the app's stable {@code slot-0.sock}, which httpd proxies to.
 */
@Component
class AppSockets {

  private final Path root;

  AppSockets(Installation installation, SandboxProperties properties) {
    this.root = properties.socketDir() != null ? properties.socketDir() : installation.dir("run");
  }

  Path root() {
    return root;
  }

  Path dir(String tenant, String app) {
    return root.resolve(tenant).resolve(app);
  }

  Path stable(String tenant, String app, int slot) {
    return dir(tenant, app).resolve("slot-" + slot + ".sock");
  }
}
