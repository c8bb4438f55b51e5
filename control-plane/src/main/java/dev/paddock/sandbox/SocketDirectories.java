package dev.paddock.sandbox;

import dev.paddock.Installation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Makes and removes apps' socket directories ({@link AppSockets}). As root, an app's directory is a
 * tmpfs of its own ({@value #TMPFS_OPTIONS}): what its sandboxes write there is bounded, both
 * renames of a switch stay on one file system, and removing it is an unmount, which reads nothing
 * the tenant wrote. Without root no mount can be made: the directory is on the host's file system,
 * the inbox is world-writable, and removal deletes through {@link TenantFiles}, never following a
 * link. Thread-safe.
 */
@Component
public class SocketDirectories {

  /** A socket per instance, a few retiring: room for far more, and not for a tenant's data. */
  static final String TMPFS_OPTIONS = "size=1m,nr_inodes=256,mode=0755,nosuid,nodev,noexec";

  /**
   * Makes the app directory around {@code inbox}, owned by the control plane and mode 0755, and the
   * inbox in it for {@code uid}; as root, mounts the app directory's tmpfs first. Idempotent.
   */
  public void prepare(Path inbox, int uid) {
    Path dir = inbox.getParent();
    try {
      Files.createDirectories(dir);
      if (Installation.asRoot() && !mounted(dir)) {
        run("mount", "-t", "tmpfs", "-o", TMPFS_OPTIONS, "paddock-sockets", dir.toString());
      }
      // httpd's workers traverse it to reach the stable sockets; nobody else may write it.
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      if (!Files.isDirectory(inbox, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectory(inbox);
      }
      if (Installation.asRoot()) {
        Files.setAttribute(inbox, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(inbox, "unix:gid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setPosixFilePermissions(inbox, PosixFilePermissions.fromString("rwx------"));
      } else {
        Files.setPosixFilePermissions(inbox, PosixFilePermissions.fromString("rwxrwxrwx"));
      }
    } catch (IOException e) {
      throw new SandboxException("Cannot prepare the socket directory " + dir, e);
    }
  }

  /**
   * Removes an app's directory once no sandbox mounts its inbox: unmounts its tmpfs, or deletes the
   * tenant's files without following links. Idempotent; what cannot be removed is left and the
   * exception says why.
   */
  public void remove(Path dir) {
    try {
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        Files.deleteIfExists(dir);
        return;
      }
      if (mounted(dir)) {
        run("umount", dir.toString());
      } else {
        TenantFiles.deleteTree(dir);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot remove the socket directory " + dir, e);
    }
  }

  /** A mount point is on another device than its parent. */
  private static boolean mounted(Path dir) throws IOException {
    Object own = Files.getAttribute(dir, "unix:dev", LinkOption.NOFOLLOW_LINKS);
    Object parent = Files.getAttribute(dir.getParent(), "unix:dev");
    return !own.equals(parent);
  }

  private static void run(String... command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String output = new String(process.getInputStream().readAllBytes()).strip();
      if (process.waitFor() != 0) {
        throw new IOException("%s: %s".formatted(String.join(" ", List.of(command)), output));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted: " + String.join(" ", command), e);
    }
  }
}
