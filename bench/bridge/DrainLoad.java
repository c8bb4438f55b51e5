import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.jar.JarFile;

/**
 * A runnable jar's drain on its own Unix socket (sandbox-runner/src/main/c/listen.c preloaded), in one JVM:
 * {@code java -cp <app.jar> DrainLoad.java <app.jar> <socket> <seconds> <connections>}. Runs the
 * jar's main, then keeps that many keep-alive connections busy with {@code GET /} (each on a
 * thread of its own, a new connection after an answer that says {@code Connection: close}, as the
 * edge does), and half way through drains: calls the library's drain command (on its control
 * socket). Prints one line: "drain-result requests errors closing kept open":
 * the answers after the drain that said {@code Connection: close} and those that did not (a request
 * read before the drain), and the connections the library counts open once the clients are gone.
 */
public class DrainLoad {

  private static final byte[] REQUEST =
      "GET / HTTP/1.1\r\nHost: app\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final AtomicLong requests = new AtomicLong();
  private static final AtomicLong errors = new AtomicLong();
  private static final AtomicLong closing = new AtomicLong();
  private static final AtomicLong kept = new AtomicLong();
  private static volatile boolean drained;

  public static void main(String[] args) throws Throwable {
    String main;
    try (JarFile jar = new JarFile(args[0])) {
      main = jar.getManifest().getMainAttributes().getValue("Main-Class");
    }
    Path socket = Path.of(args[1]);
    long seconds = Long.parseLong(args[2]);
    int connections = Integer.parseInt(args[3]);
    // Some mains return once the server runs, others (Quarkus) only when the app ends.
    Thread app =
        new Thread(
            () -> {
              try {
                Class.forName(main, true, ClassLoader.getSystemClassLoader())
                    .getMethod("main", String[].class)
                    .invoke(null, (Object) new String[0]);
              } catch (ReflectiveOperationException e) {
                e.printStackTrace();
              }
            });
    app.setDaemon(true);
    app.start();
    for (int i = 0; i < 600 && !Files.exists(socket); i++) {
      Thread.sleep(50);
    }
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      threads.add(Thread.ofPlatform().start(() -> load(UnixDomainSocketAddress.of(socket), end)));
    }
    Thread.sleep(seconds * 500);
    ask("drain");
    drained = true;
    for (Thread thread : threads) {
      thread.join();
    }
    long left = open();
    for (int i = 0; i < 40 && left > 0; i++) {
      Thread.sleep(50);
      left = open();
    }
    System.out.printf(
        "drain-result %d %d %d %d %d%n",
        requests.get(), errors.get(), closing.get(), kept.get(), left);
    System.exit(0);
  }

  /** The connections the library counts open (its control socket's "count": open, requests). */
  private static long open() throws IOException {
    return Long.parseLong(ask("count").split(" ")[0]);
  }

  /** One command to the library's control socket, and its one-line answer. */
  private static String ask(String command) throws IOException {
    Path control = Path.of("/tmp/paddock-listen-" + ProcessHandle.current().pid() + ".sock");
    try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(control))) {
      channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
      ByteBuffer answer = ByteBuffer.allocate(64);
      while (answer.hasRemaining() && channel.read(answer) >= 0) {
        // until the library closes the connection
      }
      return new String(answer.array(), 0, answer.position(), StandardCharsets.US_ASCII).strip();
    }
  }

  private static void load(UnixDomainSocketAddress target, long end) {
    ByteBuffer in = ByteBuffer.allocate(16 * 1024);
    while (System.nanoTime() < end) {
      try (SocketChannel channel = SocketChannel.open(target)) {
        boolean close = false;
        while (!close && System.nanoTime() < end) {
          channel.write(ByteBuffer.wrap(REQUEST));
          in.clear();
          close = HopLoad.readResponse(channel, in);
          requests.incrementAndGet();
          if (drained) {
            (close ? closing : kept).incrementAndGet();
          }
        }
      } catch (IOException e) {
        errors.incrementAndGet();
        System.err.println(e);
      }
    }
  }
}
