package dev.paddock.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountTableTest {

  // A Debian host's /proc/self/mountinfo, trimmed: / private, Docker's root shared, a socket root
  // bound onto itself and made shared, with an app's tmpfs below it, and a container's slave bind.
  private static final MountTable TABLE =
      new MountTable(
          List.of(
              "26 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard",
              "24 23 0:22 / /dev/shm rw,relatime - tmpfs tmpfs rw,size=24683748k",
              "44 26 254:0 /var/lib/docker /var/lib/docker rw,relatime shared:1 - ext4 /dev/vda rw",
              "61 26 254:0 /srv/pdk\\040run /srv/pdk\\040run rw,relatime shared:7 - ext4 /dev/vda rw",
              "62 61 0:91 / /srv/pdk\\040run/0a1b rw,nosuid,nodev,noexec shared:8 - tmpfs"
                  + " paddock-sockets rw,size=1024k,nr_inodes=256,mode=755,uid=10001,gid=10001",
              "70 26 254:0 /var/lib/paddock/run /var/lib/paddock/run rw master:9 - ext4 /dev/vda rw"));

  @Test
  void aPathOnTheRootFileSystemIsOnAPrivateMount() {
    assertThat(TABLE.propagation(Path.of("/tmp/pdk-run-1"))).contains("private");
  }

  @Test
  void theClosestMountPointDecidesAndEscapedSpacesAreRead() {
    assertThat(TABLE.propagation(Path.of("/srv/pdk run"))).contains("shared");
    assertThat(TABLE.propagation(Path.of("/srv/pdk run/0a1b/in"))).contains("shared");
    assertThat(TABLE.propagation(Path.of("/var/lib/docker/volumes"))).contains("shared");
  }

  @Test
  void aMountThatReceivesFromAPeerGroupIsASlave() {
    assertThat(TABLE.propagation(Path.of("/var/lib/paddock/run"))).contains("slave");
  }

  @Test
  void aPrefixOfANameIsNoMountPointOfIt() {
    assertThat(TABLE.propagation(Path.of("/var/lib/dockerx"))).contains("private");
  }

  @Test
  void malformedLinesAreSkipped() {
    assertThat(new MountTable(List.of("garbage", "1 2 3")).propagation(Path.of("/x"))).isEmpty();
  }
}
