package dev.paddock.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paddock.sandbox.SandboxException;
import dev.paddock.support.Infrastructure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Apps' socket directories mounted through a helper container, as a control plane without root has
 * them: a tmpfs on the host's path under a shared socket root, its inbox the control plane's with
 * the sandbox's group; a private root is refused with what to do.
 */
class DockerSocketMountsIT {

  private static final int CONTROL_PLANE = 10001;
  private static final int SANDBOX = 100_123;
  private static final String OPTIONS =
      "size=1m,nr_inodes=256,mode=0755,nosuid,nodev,noexec,uid=%1$d,gid=%1$d"
          .formatted(CONTROL_PLANE);

  private final HelperContainer helper =
      new HelperContainer(
          Infrastructure.docker(), Infrastructure.IMAGE, Infrastructure.uniqueName("mounts"));

  @BeforeAll
  static void requireDocker() {
    Infrastructure.requireDockerAndHttpd();
  }

  @Test
  void mountsABoundedTmpfsOnTheHostsPathAndUnmountsIt() throws Exception {
    Path root = Infrastructure.sharedSocketRoot(CONTROL_PLANE);
    try {
      var mounts = new DockerSocketMounts(helper, root);
      Path dir = Files.createDirectory(root.resolve("0a1b2c3d4e5f6a7b"));
      List<Long> mounting = new ArrayList<>();
      List<Long> unmounting = new ArrayList<>();
      for (int round = 0; round < 5; round++) {
        mounting.add(timed(() -> mounts.mount(dir, OPTIONS, SANDBOX)));
        assertThat(mountOf(dir)).contains(" - tmpfs ", "size=1024k", "nr_inodes=256");
        assertThat(Files.getFileStore(dir).getTotalSpace()).isEqualTo(1L << 20);
        Path inbox = dir.resolve("in");
        assertThat(
                Files.readAttributes(inbox, "unix:uid,gid,permissions", LinkOption.NOFOLLOW_LINKS))
            .containsEntry("uid", CONTROL_PLANE)
            .containsEntry("gid", SANDBOX)
            .containsEntry("permissions", PosixFilePermissions.fromString("rwxrwx---"));
        // Again: nothing changes, no second tmpfs on top.
        mounts.mount(dir, OPTIONS, SANDBOX);
        assertThat(mountsOn(dir)).isEqualTo(1);
        unmounting.add(timed(() -> mounts.unmount(dir)));
        assertThat(mountsOn(dir)).isZero();
        mounts.unmount(dir);
      }
      System.out.printf(
          "Through a helper container: mount %s ms, unmount %s ms%n", mounting, unmounting);
    } finally {
      Infrastructure.deleteDataDir(root);
    }
  }

  @Test
  void aSocketRootOnAPrivateMountIsRefusedWithWhatToDo() {
    Path root = Infrastructure.dataDir();
    try {
      var mounts = new DockerSocketMounts(helper, root);
      assertThatThrownBy(() -> mounts.mount(root.resolve("0a1b"), OPTIONS, SANDBOX))
          .isInstanceOf(SandboxException.class)
          .hasMessageContaining("not a shared mount")
          .hasMessageContaining("mount --make-shared " + root);
    } finally {
      Infrastructure.deleteDataDir(root);
    }
  }

  @Test
  void onlyADirectoryOfTheSocketRootIsMounted() {
    Path root = Infrastructure.dataDir();
    try {
      var mounts = new DockerSocketMounts(helper, root);
      for (Path elsewhere : List.of(root, root.resolve("a/b"), root.resolve(".."), Path.of("/"))) {
        assertThatThrownBy(() -> mounts.mount(elsewhere, OPTIONS, SANDBOX))
            .isInstanceOf(IllegalArgumentException.class);
      }
    } finally {
      Infrastructure.deleteDataDir(root);
    }
  }

  private static long timed(Runnable action) {
    long started = System.nanoTime();
    action.run();
    return (System.nanoTime() - started) / 1_000_000;
  }

  private static String mountOf(Path point) throws IOException {
    return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
        .filter(line -> line.split(" ")[4].equals(point.toString()))
        .reduce((first, last) -> last)
        .orElse("");
  }

  private static long mountsOn(Path point) throws IOException {
    return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
        .filter(line -> line.split(" ")[4].equals(point.toString()))
        .count();
  }
}
