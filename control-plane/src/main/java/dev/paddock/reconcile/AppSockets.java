package dev.paddock.reconcile;

import dev.paddock.Installation;
import dev.paddock.sandbox.SandboxProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Where apps' Unix sockets live: {@code <root>/<tenant>/<app>/}, holding each sandbox's own socket
 * until it is renamed onto its instance slot's stable {@code slot-<n>.sock}, which httpd proxies
 * to.
 */
@Component
class AppSockets {

  private static final Pattern SLOT = Pattern.compile("slot-(\\d+)\\.sock");

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

  /** The stable sockets of an app's instances, slot by slot. */
  List<Path> slots(String tenant, String app, int instances) {
    return IntStream.range(0, instances).mapToObj(slot -> stable(tenant, app, slot)).toList();
  }

  /** Removes the stable sockets of slots an app no longer has. */
  void removeSlotsFrom(String tenant, String app, int instances) {
    try (Stream<Path> files = Files.list(dir(tenant, app))) {
      for (Path file : files.toList()) {
        Matcher slot = SLOT.matcher(file.getFileName().toString());
        if (slot.matches() && Integer.parseInt(slot.group(1)) >= instances) {
          Files.deleteIfExists(file);
        }
      }
    } catch (NoSuchFileException gone) {
      // The app's directory is gone with the app.
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
