package dev.paddock.sandbox.docker;

import com.github.dockerjava.api.model.BindOptions;
import com.github.dockerjava.api.model.BindPropagation;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import dev.paddock.sandbox.SandboxException;
import dev.paddock.sandbox.SocketMounts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mounts apps' socket directories in a {@link HelperContainer} that has the socket root bound with
 * {@code rshared} propagation and {@code SYS_ADMIN}: a tmpfs it mounts there is mounted on the
 * host's path, where Docker binds the inbox into sandboxes and the control plane and httpd find the
 * sockets. The root must be on a shared mount for that (Docker refuses the bind otherwise). Every
 * path the helper touches is in the socket root or an app's directory, which only the control plane
 * writes; it never resolves a name inside an inbox. Thread-safe.
 */
final class DockerSocketMounts implements SocketMounts {

  private static final Logger log = LoggerFactory.getLogger(DockerSocketMounts.class);
  private static final String ROOT = "/sockets";

  // $1 the app's directory's name, $2 the tmpfs options, $3 the inbox's group.
  private static final String MOUNT =
      """
      set -e
      d="%s/$1"
      mountpoint -q "$d" || mount -t tmpfs -o "$2" paddock-sockets "$d"
      if [ -L "$d/in" ]; then echo "$d/in is a link" >&2; exit 3; fi
      [ -d "$d/in" ] || mkdir -m 0770 "$d/in"
      chown -h "$(stat -c %%u "$d"):$3" "$d/in"
      chmod 0770 "$d/in"
      """
          .formatted(ROOT);

  private static final String UNMOUNT =
      """
      set -e
      d="%s/$1"
      if mountpoint -q "$d"; then umount "$d"; fi
      """
          .formatted(ROOT);

  private static final String SHARED =
      " Without root, apps' socket directories are mounted through Docker, which needs the socket"
          + " root on a shared mount: as root, `mount --bind %1$s %1$s && mount --make-shared %1$s`"
          + " (see the README)";

  private final HelperContainer helper;
  private final Path root;

  DockerSocketMounts(HelperContainer helper, Path root) {
    this.helper = helper;
    this.root = root.toAbsolutePath();
  }

  @Override
  public void mount(Path dir, String options, int gid) {
    long started = System.nanoTime();
    run("mount a tmpfs on", dir, MOUNT, options, String.valueOf(gid));
    log.info("Mounted {} through a helper container in {} ms", dir, since(started));
  }

  @Override
  public void unmount(Path dir) {
    long started = System.nanoTime();
    run("unmount", dir, UNMOUNT);
    log.info("Unmounted {} through a helper container in {} ms", dir, since(started));
  }

  private static long since(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }

  private void run(String what, Path dir, String script, String... args) {
    if (!root.equals(dir.toAbsolutePath().getParent())
        || !dir.getFileName().toString().matches("[\\w-]+")) {
      throw new IllegalArgumentException(dir + " is not a directory of the socket root " + root);
    }
    List<String> entrypoint =
        new ArrayList<>(List.of("/usr/bin/sh", "-c", script, "sh", dir.getFileName().toString()));
    entrypoint.addAll(List.of(args));
    HostCommand.Result result;
    try {
      result = helper.run(entrypoint, List.of("PATH=/usr/sbin:/usr/bin"), hostConfig());
    } catch (RuntimeException e) {
      throw refusal(what, dir, e.getMessage(), e);
    }
    if (!result.ok()) {
      throw refusal(what, dir, "exit %d: %s".formatted(result.exit(), result.output()), null);
    }
  }

  private HostConfig hostConfig() {
    return HelperContainer.hostConfig()
        .withNetworkMode("none")
        .withCapDrop(Capability.ALL)
        .withCapAdd(
            Capability.SYS_ADMIN, Capability.CHOWN, Capability.DAC_OVERRIDE, Capability.FOWNER)
        // Docker's AppArmor profile, where the host has AppArmor, forbids every mount.
        .withSecurityOpts(List.of("no-new-privileges", "apparmor=unconfined"))
        .withMounts(
            List.of(
                new Mount()
                    .withType(MountType.BIND)
                    .withSource(root.toString())
                    .withTarget(ROOT)
                    .withBindOptions(new BindOptions().withPropagation(BindPropagation.R_SHARED))));
  }

  private SandboxException refusal(String what, Path dir, String reason, Exception cause) {
    String hint = reason != null && reason.contains("shared mount") ? SHARED.formatted(root) : "";
    return new SandboxException(
        "Cannot %s the socket directory %s through Docker: %s.%s"
            .formatted(what, dir, reason, hint),
        cause);
  }
}
