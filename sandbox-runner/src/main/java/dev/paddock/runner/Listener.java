package dev.paddock.runner;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The library preloaded into a runnable jar's JVM ({@code src/main/c/listen.c}), which makes the
 * app's own server listen on the sandbox's Unix socket: what it counts, and the drain it does,
 * asked over its control socket, one command a connection. Until the app binds its port there is no
 * control socket, and nothing to count.
 */
final class Listener {

  /** The library's file name, as {@code LD_PRELOAD} names it. */
  static final String FILE_NAME = "paddock-listen.so";

  private static final int ANSWER_LIMIT = 64;

  /** How long the library may take to answer: it answers at once unless something is wrong. */
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(2);

  private final UnixDomainSocketAddress control;

  Listener(Path control) {
    this.control = UnixDomainSocketAddress.of(control);
  }

  /** The library {@code LD_PRELOAD} (in {@code env}) loaded into this JVM, if it did. */
  static Optional<Listener> preloaded(Map<String, String> env) {
    boolean loaded =
        Arrays.stream(env.getOrDefault("LD_PRELOAD", "").split("[ :]"))
            .anyMatch(entry -> entry.endsWith("/" + FILE_NAME) || entry.equals(FILE_NAME));
    return loaded
        ? Optional.of(
            new Listener(Path.of("/tmp/paddock-listen-" + ProcessHandle.current().pid() + ".sock")))
        : Optional.empty();
  }

  /** From now on each connection's next request, and its answer, say Connection: close. */
  void drain() {
    ask("drain");
  }

  /**
   * Shuts down the connections with no answer in flight that have been quiet for {@code
   * quietMillis}.
   */
  void closeIdle(long quietMillis) {
    ask("close-idle " + quietMillis);
  }

  /**
   * Ends WebSockets with a close frame 1001 and chunked answers with their last chunk, where the
   * app's last write ended, and shuts those connections down.
   */
  void goAway() {
    ask("go-away");
  }

  /**
   * The requests the app has read and the connections it accepted and has not closed, in one
   * answer; none of either before the app listens.
   */
  AppServer.Traffic traffic() {
    String[] counts = ask("count").split(" ");
    try {
      return counts.length == 2
          ? new AppServer.Traffic(Long.parseLong(counts[1]), Long.parseLong(counts[0]))
          : new AppServer.Traffic(0, 0);
    } catch (NumberFormatException e) {
      return new AppServer.Traffic(0, 0);
    }
  }

  /**
   * The library's one-line answer, or empty when it does not answer (no listener yet) within {@link
   * #ANSWER_TIMEOUT}.
   */
  private String ask(String command) {
    long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        Selector selector = Selector.open()) {
      channel.connect(control);
      channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
      channel.configureBlocking(false);
      channel.register(selector, SelectionKey.OP_READ);
      ByteBuffer answer = ByteBuffer.allocate(ANSWER_LIMIT);
      // Until the library closes the connection, as it does after its line.
      while (answer.hasRemaining()) {
        long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
        if (left <= 0) {
          return "";
        }
        selector.selectedKeys().clear();
        if (selector.select(left) > 0 && channel.read(answer) < 0) {
          break;
        }
      }
      return new String(answer.array(), 0, answer.position(), StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      return "";
    }
  }
}
