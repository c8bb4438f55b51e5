package dev.paddock.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's side of the listener library, against control sockets that misbehave. */
class ListenerTest {

  @TempDir Path dir;

  @Test
  void aLibraryThatNeverAnswersCountsNothingInsteadOfHoldingTheRunner() throws Exception {
    Path control = dir.resolve("control.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(control), 8);
      Listener listener = new Listener(control);

      // Connected, never answered: each ask ends at its deadline.
      assertEquals(0, listener.open());
      assertEquals(0, listener.requests());
      try (SocketChannel first = server.accept();
          SocketChannel second = server.accept()) {
        // both asks reached the socket
      }
    }
  }

  @Test
  void noControlSocketYetMeansNothingToCount() {
    Listener listener = new Listener(dir.resolve("missing.sock"));

    assertEquals(0, listener.open());
    assertEquals(0, listener.requests());
  }

  @Test
  void theLibraryIsFoundByItsFileNameInLdPreload() {
    assertFalse(Listener.preloaded(Map.of()).isPresent());
    assertTrue(
        Listener.preloaded(Map.of("LD_PRELOAD", "/lib/a.so /opt/paddock/paddock-listen.so"))
            .isPresent());
    assertFalse(Listener.preloaded(Map.of("LD_PRELOAD", "/opt/paddock-listen.so.bak")).isPresent());
  }
}
