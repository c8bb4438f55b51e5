package dev.paddock.sandbox;

import java.nio.file.Path;

/**
 * Mounts and unmounts apps' socket directories for a control plane that is not root, through
 * something that may ({@link SocketDirectories} mounts them itself as root). Thread-safe.
 */
public interface SocketMounts {

  /**
   * Mounts a tmpfs with {@code options} on {@code dir}, a directory of the socket root's own,
   * unless one is there, and makes its inbox: owned by the control plane, group {@code gid}, mode
   * 0770. Idempotent; throws {@link SandboxException} with the reason when it cannot.
   */
  void mount(Path dir, String options, int gid);

  /**
   * Unmounts the tmpfs on {@code dir} if one is there. Idempotent; throws {@link SandboxException}.
   */
  void unmount(Path dir);
}
