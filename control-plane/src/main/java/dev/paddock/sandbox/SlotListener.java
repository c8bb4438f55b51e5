package dev.paddock.sandbox;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The activator's listening socket over one stable slot: bound at a staging path in the app's
 * directory (the control plane's, out of the tenant's reach), then renamed over the slot in one
 * {@code rename(2)}, as a promotion does, so httpd's config stays as it is and nothing is reloaded.
 * Each connection is served on a virtual thread of its own.
 */
record SlotListener(ServerSocketChannel server, Path stable, Object fileKey) {

  /** How many connections the kernel queues while the accepting thread hands the last one off. */
  private static final int BACKLOG = 512;

  static SlotListener over(Path stable, Consumer<SocketChannel> serve) {
    Path staging = stable.resolveSibling(".activator-" + stable.getFileName());
    try {
      // unlink(2): a leftover of a control plane that died, never what a link points to.
      Files.deleteIfExists(staging);
      ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(staging), BACKLOG);
      // httpd's workers run as another user.
      Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rw-rw-rw-"));
      Object key = key(staging);
      Files.move(staging, stable, StandardCopyOption.ATOMIC_MOVE);
      SlotListener listener = new SlotListener(server, stable, key);
      Thread.ofVirtual().name("activator-" + stable.getFileName()).start(listener.accepting(serve));
      return listener;
    } catch (IOException e) {
      throw new SandboxException("Cannot hold %s: %s".formatted(stable, e.getMessage()), e);
    }
  }

  /** Whether the stable path is still this listener's socket, not a sandbox's promoted over it. */
  boolean owns() {
    try {
      return server.isOpen() && Objects.equals(key(stable), fileKey);
    } catch (IOException gone) {
      return false;
    }
  }

  void close() {
    HeldConnection.quietly(server);
  }

  private Runnable accepting(Consumer<SocketChannel> serve) {
    return () -> {
      while (server.isOpen()) {
        try {
          SocketChannel client = server.accept();
          Thread.ofVirtual().name("held").start(() -> serve.accept(client));
        } catch (IOException closed) {
          return;
        }
      }
    };
  }

  private static Object key(Path path) throws IOException {
    return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
        .fileKey();
  }
}
