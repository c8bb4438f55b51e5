package dev.paddock.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SocketCheckTest {

  private static final int SANDBOX = 100_001;

  @TempDir Path dir;

  private Path inbox;
  private Path socket;
  private Path staging;
  private Path target;
  private int uid;

  @BeforeEach
  void layout() throws IOException {
    inbox = Files.createDirectory(dir.resolve("in"));
    socket = inbox.resolve("abc.sock");
    staging = dir.resolve(".stage-0.sock");
    target = Files.writeString(dir.resolve("host-file"), "the host's");
    uid = (Integer) Files.getAttribute(dir, "unix:uid");
  }

  @Test
  void aSocketOfTheSandboxesUidIsAccepted() {
    assertThat(SocketCheck.refusal(0140777, SANDBOX, SANDBOX)).isEmpty();
  }

  @Test
  void aSymbolicLinkAFifoAFileADirectoryOrADeviceIsRefusedWhateverItsOwner() {
    for (int mode : new int[] {0120777, 0010644, 0100644, 0040755, 0020666, 0060660}) {
      assertThat(SocketCheck.refusal(mode, SANDBOX, SANDBOX)).as("%o", mode).isPresent();
    }
    assertThat(SocketCheck.refusal(0120777, SANDBOX, SANDBOX).orElseThrow())
        .contains("symbolic link");
    assertThat(SocketCheck.refusal(0010644, SANDBOX, SANDBOX).orElseThrow()).contains("FIFO");
  }

  @Test
  void aSocketOfAnotherUidIsRefused() {
    assertThat(SocketCheck.refusal(0140777, 0, SANDBOX).orElseThrow())
        .contains("uid 0", "uid " + SANDBOX);
  }

  @Test
  void aRealSocketIsStagedOutOfTheInbox() throws IOException {
    try (ServerSocketChannel server = bind(socket)) {
      assertThat(SocketCheck.stage(socket, staging, uid)).isEqualTo(staging);
      assertThat(socket).doesNotExist();
      assertThat(Files.readAttributes(staging, "unix:mode").get("mode")).isNotNull();
    }
  }

  @Test
  void aSymbolicLinkToAHostFileIsRemovedAndTheFileItNamesIsLeftAlone() throws IOException {
    Files.createSymbolicLink(socket, target);

    assertThatThrownBy(() -> SocketCheck.stage(socket, staging, uid))
        .isInstanceOf(UntrustedSocketException.class)
        .hasMessageContaining("symbolic link");
    assertThat(Files.exists(socket, LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(Files.exists(staging, LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(target).hasContent("the host's");
  }

  @Test
  void aSymbolicLinkToASocketIsRefusedLikeAnyOtherLink() throws IOException {
    Path hostSocket = dir.resolve("host.sock");
    try (ServerSocketChannel server = bind(hostSocket)) {
      Files.createSymbolicLink(socket, hostSocket);

      assertThatThrownBy(() -> SocketCheck.stage(socket, staging, uid))
          .isInstanceOf(UntrustedSocketException.class);
      assertThat(Files.exists(staging, LinkOption.NOFOLLOW_LINKS)).isFalse();
      assertThat(hostSocket).exists();
    }
  }

  @Test
  void aRegularFileIsRefusedAndRemoved() throws IOException {
    Files.writeString(socket, "not a socket");

    assertThatThrownBy(() -> SocketCheck.stage(socket, staging, uid))
        .isInstanceOf(UntrustedSocketException.class)
        .hasMessageContaining("regular file");
    assertThat(socket).doesNotExist();
  }

  @Test
  void aDirectoryIsRefusedAndLeftWithTheTenant() throws IOException {
    Files.createDirectory(socket);
    Files.writeString(socket.resolve("inside"), "the tenant's");

    assertThatThrownBy(() -> SocketCheck.stage(socket, staging, uid))
        .isInstanceOf(UntrustedSocketException.class)
        .hasMessageContaining("directory");
    assertThat(socket.resolve("inside")).hasContent("the tenant's");
    assertThat(staging).doesNotExist();
  }

  @Test
  void aSocketOfAnotherUidThanTheSandboxesIsRefusedAndRemoved() throws IOException {
    try (ServerSocketChannel server = bind(socket)) {
      assertThatThrownBy(() -> SocketCheck.stage(socket, staging, uid + 1))
          .isInstanceOf(UntrustedSocketException.class)
          .hasMessageContaining("belongs to uid " + uid);
      assertThat(Files.exists(socket, LinkOption.NOFOLLOW_LINKS)).isFalse();
      assertThat(Files.exists(staging, LinkOption.NOFOLLOW_LINKS)).isFalse();
    }
  }

  @Test
  void aMissingSocketIsRefused() {
    assertThatThrownBy(() -> SocketCheck.stage(socket, staging, uid))
        .isInstanceOf(UntrustedSocketException.class)
        .hasMessageContaining("there is none");
  }

  private static ServerSocketChannel bind(Path path) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(path));
    return server;
  }
}
