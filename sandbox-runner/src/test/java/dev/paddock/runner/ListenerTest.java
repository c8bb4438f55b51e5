package dev.paddock.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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

      // Connected, never answered: the ask ends at its deadline.
      assertEquals(new AppServer.Traffic(0, 0), listener.traffic());
      try (SocketChannel asked = server.accept()) {
        // the ask reached the socket
      }
    }
  }

  @Test
  void oneAnswerGivesBothCountsOpenConnectionsFirst() throws Exception {
    Path control = dir.resolve("control.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(control), 8);
      var answered =
          CompletableFuture.supplyAsync(
              () -> {
                try (SocketChannel asked = server.accept()) {
                  ByteBuffer line = ByteBuffer.allocate(16);
                  while (asked.read(line) > 0 && line.get(line.position() - 1) != '\n') {
                    // until the command's end of line
                  }
                  asked.write(ByteBuffer.wrap("2 5\n".getBytes(StandardCharsets.US_ASCII)));
                  return new String(line.array(), 0, line.position(), StandardCharsets.US_ASCII);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });

      assertEquals(new AppServer.Traffic(5, 2), new Listener(control).traffic());
      assertEquals("count\n", answered.get(5, TimeUnit.SECONDS));
    }
  }

  @Test
  void noControlSocketYetMeansNothingToCount() {
    Listener listener = new Listener(dir.resolve("missing.sock"));

    assertEquals(new AppServer.Traffic(0, 0), listener.traffic());
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
