package dev.paddock.sandbox;

import dev.paddock.Installation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Makes and removes apps' socket directories ({@link AppSockets}). Each is a tmpfs of its own
 * ({@value #TMPFS_OPTIONS}): what its sandboxes write there is bounded, both renames of a switch
 * stay on one file system, and removing it is an unmount, which reads nothing the tenant wrote. As
 * root the control plane mounts it and gives the inbox to the sandbox's uid, mode 0700. Without
 * root, {@link SocketMounts} mounts it (through Docker) owned by the control plane, and the inbox
 * is the control plane's with the sandbox's group, mode 0770: the control plane still moves and
 * removes sockets in it, and the tenant, who owns nothing there, cannot take that away. With
 * neither (no Docker engine: no sockets either), the directory is on the host's file system and the
 * inbox world-writable. Thread-safe.
 */
@Component
public class SocketDirectories {

  /** A socket per instance, a few retiring: room for far more, and not for a tenant's data. */
  static final String TMPFS_OPTIONS = "size=1m,nr_inodes=256,mode=0755,nosuid,nodev,noexec";

  private static final int OWN_GID = SocketRootReport.ownId("unix:gid");

  private final SocketMounts mounts;

  SocketDirectories(AppSockets sockets, ObjectProvider<SocketMounts> mounts) {
    this.mounts = Installation.asRoot() ? null : mounts.getIfAvailable();
    SocketRootReport.log(sockets.root(), this.mounts != null);
  }

  /**
   * Makes the app directory around {@code inbox}, owned by the control plane and mode 0755, and the
   * inbox in it for {@code uid}, mounting the app directory's tmpfs first. Idempotent.
   */
  public void prepare(Path inbox, int uid) {
    Path dir = inbox.getParent();
    try {
      Files.createDirectories(dir);
      if (Installation.asRoot()) {
        prepareAsRoot(dir, inbox, uid);
      } else if (mounts != null) {
        prepareThroughMounts(dir, inbox, uid);
      } else {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        createInbox(inbox, "rwxrwxrwx");
      }
    } catch (IOException e) {
      throw new SandboxException("Cannot prepare the socket directory " + dir, e);
    }
  }

  private static void prepareAsRoot(Path dir, Path inbox, int uid) throws IOException {
    if (!mounted(dir)) {
      run("mount", "-t", "tmpfs", "-o", TMPFS_OPTIONS, "paddock-sockets", dir.toString());
    }
    // httpd's workers traverse it to reach the stable sockets; nobody else may write it.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    createInbox(inbox, "rwx------");
    Files.setAttribute(inbox, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(inbox, "unix:gid", uid, LinkOption.NOFOLLOW_LINKS);
  }

  private void prepareThroughMounts(Path dir, Path inbox, int uid) throws IOException {
    if (!mounted(dir)) {
      // What an earlier version left on the host's disk would lie hidden under the tmpfs.
      TenantFiles.deleteTree(dir);
    } else if (ready(inbox, uid)) {
      return;
    }
    mounts.mount(
        dir, TMPFS_OPTIONS + ",uid=%d,gid=%d".formatted(SocketRootReport.OWN_UID, OWN_GID), uid);
    if (!mounted(dir)) {
      throw new SandboxException(SocketRootReport.unseen(dir), null);
    }
  }

  /** The inbox is the control plane's, with the sandbox's group only, as the mounts leave it. */
  private static boolean ready(Path inbox, int gid) throws IOException {
    try {
      Map<String, Object> a =
          Files.readAttributes(inbox, "unix:uid,gid,mode", LinkOption.NOFOLLOW_LINKS);
      return a.get("uid").equals(SocketRootReport.OWN_UID)
          && a.get("gid").equals(gid)
          && ((Integer) a.get("mode") & 0170777) == 0040770;
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  private static void createInbox(Path inbox, String permissions) throws IOException {
    if (!Files.isDirectory(inbox, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectory(inbox);
    }
    Files.setPosixFilePermissions(inbox, PosixFilePermissions.fromString(permissions));
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
      if (!mounted(dir)) {
        TenantFiles.deleteTree(dir);
      } else if (mounts != null) {
        mounts.unmount(dir);
      } else {
        run("umount", dir.toString());
      }
      Files.deleteIfExists(dir);
    } catch (IOException | SandboxException e) {
      throw new UncheckedIOException(
          "Cannot remove the socket directory " + dir,
          e instanceof IOException io ? io : new IOException(e.getMessage(), e));
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
