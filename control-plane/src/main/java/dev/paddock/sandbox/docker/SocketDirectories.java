package dev.paddock.sandbox.docker;

import dev.paddock.Installation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The host directory an app's sandboxes bind their Unix sockets in: owned by the tenant's uid when
 * the control plane can arrange it (as root), world-writable otherwise.
 */
class SocketDirectories {

  void prepare(Path dir, int uid) {
    try {
      Files.createDirectories(dir);
      if (Installation.asRoot()) {
        Files.setAttribute(dir, "unix:uid", uid);
        Files.setAttribute(dir, "unix:gid", uid);
        // httpd's workers run as another user: they traverse the directory to reach the socket.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      } else {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare the socket directory " + dir, e);
    }
  }
}
