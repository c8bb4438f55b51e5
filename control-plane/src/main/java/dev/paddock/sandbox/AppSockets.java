package dev.paddock.sandbox;

import dev.paddock.Installation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Where apps' Unix sockets live. Each app has {@code <root>/<digest of tenant and app>/}, owned by
 * the control plane and writable by nobody else, holding the stable {@code slot-<n>.sock} that
 * httpd proxies to; inside it, {@code in/} is the tenant's: the one host directory its sandboxes
 * see (at {@code /run/paddock}), where each binds its own socket. A switch {@link #stage stages}
 * that socket out of the tenant's reach and checks it before it is renamed onto the slot, so httpd
 * only ever connects to a socket a sandbox of the app made, by a path no tenant can change. The
 * directory is named by a digest, not by the names, because httpd takes a proxy socket path of 95
 * bytes at most, and two names of 32 characters would leave almost no room for the root.
 */
@Component
public class AppSockets {

  /** httpd keeps a proxy worker's socket path in 96 bytes, the last one a NUL. */
  public static final int MAX_SOCKET_PATH = 95;

  private static final int DIGEST_LENGTH = 16;
  private static final String INBOX = "in";
  private static final Pattern SLOT = Pattern.compile("slot-(\\d+)\\.sock");

  private final Path root;

  AppSockets(Installation installation, SandboxProperties properties) {
    this.root = properties.socketDir() != null ? properties.socketDir() : installation.dir("run");
    // <root>/<digest>/slot-15.sock
    int longest = root.toString().length() + 1 + DIGEST_LENGTH + "/slot-15.sock".length();
    if (longest > MAX_SOCKET_PATH) {
      throw new IllegalStateException(
          "The socket directory %s is too long: an app's socket under it could take %d bytes, and httpd takes %d. Set paddock.sandbox.socket-dir to a directory of at most %d characters."
              .formatted(
                  root,
                  longest,
                  MAX_SOCKET_PATH,
                  root.toString().length() - (longest - MAX_SOCKET_PATH)));
    }
  }

  /** The name of an app's socket directory under the root. */
  public static String dirName(String tenant, String app) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest((tenant + "/" + app).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, DIGEST_LENGTH / 2);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The directory holding every app's directory; only the control plane writes in it. */
  public Path root() {
    return root;
  }

  /** The app's directory: the control plane's, holding the stable sockets and the inbox. */
  public Path dir(String tenant, String app) {
    return root.resolve(dirName(tenant, app));
  }

  /** The app's inbox: the tenant's, the only host directory its sandboxes see. */
  public Path inbox(String tenant, String app) {
    return inboxOf(dir(tenant, app));
  }

  /** The inbox inside an app's directory. */
  public static Path inboxOf(Path appDir) {
    return appDir.resolve(INBOX);
  }

  /** The stable socket httpd proxies to for one instance slot. */
  public Path stable(String tenant, String app, int slot) {
    return dir(tenant, app).resolve("slot-" + slot + ".sock");
  }

  /** The stable sockets of an app's instances, slot by slot. */
  public List<Path> slots(String tenant, String app, int instances) {
    return IntStream.range(0, instances).mapToObj(slot -> stable(tenant, app, slot)).toList();
  }

  /**
   * Moves the socket a sandbox of this spec bound in its inbox out of the tenant's reach, and
   * returns where it is now, ready to be renamed onto its slot. Throws {@link
   * UntrustedSocketException} (having removed what it found) when that is not a socket owned by the
   * sandbox's uid, or is missing. Not thread-safe per slot: one pass per app at a time.
   */
  public Path stage(SandboxSpec spec) {
    Path inbox = spec.socketDir();
    return SocketCheck.stage(
        inbox.resolve(spec.socketName()),
        inbox.getParent().resolve(".stage-" + spec.slot() + ".sock"),
        spec.uid());
  }

  /** Removes the stable sockets of slots an app no longer has. */
  public void removeSlotsFrom(String tenant, String app, int instances) {
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
