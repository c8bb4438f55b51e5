package dev.paddock.sandbox;

import dev.paddock.Installation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says at startup how apps' socket directories will be bounded, and what to change when they cannot
 * be: without root they are mounted through Docker, under a socket root that must be on a shared
 * mount (or, in a container, one that receives the host's mounts).
 */
final class SocketRootReport {

  private static final Logger log = LoggerFactory.getLogger(SocketDirectories.class);

  /** The control plane's own uid, which owns the app directories it mounts without root. */
  static final int OWN_UID = ownId("unix:uid");

  private SocketRootReport() {}

  static int ownId(String attribute) {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), attribute);
    } catch (IOException | UnsupportedOperationException e) {
      return -1;
    }
  }

  static void log(Path root, boolean throughMounts) {
    if (Installation.asRoot()) {
      log.info("Apps' socket directories under {}: a 1 MiB tmpfs each, mounted here (root)", root);
    } else if (throughMounts) {
      String propagation = propagation(root);
      if (propagation.equals("private")) {
        log.warn(
            "Apps cannot start: without root, each app's socket directory under {} is a 1 MiB"
                + " tmpfs mounted through a helper container, and {} is on a private mount, which"
                + " passes no mount on. As root: mount --bind {} {} && mount --make-shared {}"
                + " (see the README)",
            root,
            root,
            root,
            root,
            root);
      } else {
        log.info(
            "Apps' socket directories under {}: a 1 MiB tmpfs each, mounted through a helper"
                + " container (the socket root is on a {} mount)",
            root,
            propagation);
      }
    }
  }

  /** Why a tmpfs mounted through Docker is not seen here. */
  static String unseen(Path dir) {
    return ("The tmpfs mounted on %s through Docker is not seen by the control plane: in a"
            + " container, the socket root's bind mount must receive the host's mounts"
            + " (propagation rslave, as in docker-compose.yml)")
        .formatted(dir);
  }

  private static String propagation(Path root) {
    try {
      return MountTable.ofThisProcess().propagation(root.toAbsolutePath()).orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
