package dev.paddock.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a sandbox's socket before httpd may connect to it, reading what the path itself is ({@code
 * lstat}), never what a link points to.
 */
final class SocketCheck {

  private static final int TYPE = 0170000;
  private static final int SOCKET = 0140000;
  private static final int DIRECTORY = 0040000;

  private SocketCheck() {}

  /**
   * Why a file of this {@code st_mode} and owner is no socket of {@code uid}'s, or empty when it is
   * one.
   */
  static Optional<String> refusal(int mode, int owner, int uid) {
    if ((mode & TYPE) != SOCKET) {
      return Optional.of("it is %s, not a socket".formatted(type(mode)));
    }
    if (owner != uid) {
      return Optional.of("it belongs to uid %d, not to the sandbox's uid %d".formatted(owner, uid));
    }
    return Optional.empty();
  }

  /**
   * Renames {@code socket}, in a directory the tenant may write, to {@code staging}, in one it may
   * not, and checks what arrived there: after the rename the tenant can no longer swap it. What is
   * refused is removed (a directory goes back where it came from, as it may hold the tenant's
   * files) and {@link UntrustedSocketException} thrown.
   */
  static Path stage(Path socket, Path staging, int uid) {
    try {
      refuse(socket, socket, uid);
      Files.move(socket, staging, StandardCopyOption.ATOMIC_MOVE);
      refuse(staging, socket, uid);
      return staging;
    } catch (NoSuchFileException e) {
      throw new UntrustedSocketException(socket, "there is none", e);
    } catch (IOException e) {
      throw new UntrustedSocketException(socket, e.toString(), e);
    }
  }

  private static void refuse(Path path, Path socket, int uid) throws IOException {
    Map<String, Object> attributes =
        Files.readAttributes(path, "unix:mode,uid", LinkOption.NOFOLLOW_LINKS);
    int mode = (Integer) attributes.get("mode");
    Optional<String> refusal = refusal(mode, (Integer) attributes.get("uid"), uid);
    if (refusal.isEmpty()) {
      return;
    }
    if ((mode & TYPE) != DIRECTORY) {
      // unlink(2) removes a link itself, never what it points to.
      Files.deleteIfExists(path);
    } else if (!path.equals(socket)) {
      Files.move(path, socket, StandardCopyOption.ATOMIC_MOVE);
    }
    throw new UntrustedSocketException(socket, refusal.get(), null);
  }

  private static String type(int mode) {
    return switch (mode & TYPE) {
      case 0120000 -> "a symbolic link";
      case 0100000 -> "a regular file";
      case 0010000 -> "a FIFO";
      case DIRECTORY -> "a directory";
      case 0020000 -> "a character device";
      case 0060000 -> "a block device";
      default -> "of type %o".formatted(mode & TYPE);
    };
  }
}
