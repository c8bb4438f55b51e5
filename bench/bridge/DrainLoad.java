import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.jar.JarFile;

/**
 * A runnable jar's drain on its own Unix socket (bench/bridge/listen.c preloaded), in one JVM:
 * {@code java -cp <app.jar> DrainLoad.java <app.jar> <socket> <seconds> <connections>}. Runs the
 * jar's main, then keeps that many keep-alive connections busy with {@code GET /} (each on a
 * thread of its own, a new connection after an answer that says {@code Connection: close}, as the
 * edge does), and half way through drains: calls the library's {@code paddock_listen_drain} through
 * {@code java.lang.foreign}. Prints one line: "drain-result requests errors closing kept open":
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
    Linker linker = Linker.nativeLinker();
    SymbolLookup library = SymbolLookup.libraryLookup(System.getenv("LD_PRELOAD"), Arena.global());
    MethodHandle drain =
        linker.downcallHandle(
            library.find("paddock_listen_drain").orElseThrow(), FunctionDescriptor.ofVoid());
    MethodHandle open =
        linker.downcallHandle(
            library.find("paddock_listen_open").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_LONG));
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      threads.add(Thread.ofPlatform().start(() -> load(UnixDomainSocketAddress.of(socket), end)));
    }
    Thread.sleep(seconds * 500);
    drain.invoke();
    drained = true;
    for (Thread thread : threads) {
      thread.join();
    }
    long left = (long) open.invoke();
    for (int i = 0; i < 40 && left > 0; i++) {
      Thread.sleep(50);
      left = (long) open.invoke();
    }
    System.out.printf(
        "drain-result %d %d %d %d %d%n",
        requests.get(), errors.get(), closing.get(), kept.get(), left);
    System.exit(0);
  }

  private static void load(UnixDomainSocketAddress target, long end) {
    ByteBuffer in = ByteBuffer.allocate(16 * 1024);
    while (System.nanoTime() < end) {
      try (SocketChannel channel = SocketChannel.open(target)) {
        boolean close = false;
        while (!close && System.nanoTime() < end) {
          channel.write(ByteBuffer.wrap(REQUEST));
          in.clear();
          close = answer(channel, in);
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

  /** Reads one answer (its header block, then its Content-Length): whether it says to close. */
  private static boolean answer(SocketChannel channel, ByteBuffer in) throws IOException {
    int headerEnd = -1;
    while (headerEnd < 0) {
      if (channel.read(in) < 0) {
        throw new IOException("closed before the answer's headers");
      }
      for (int i = 3; i < in.position() && headerEnd < 0; i++) {
        if (in.get(i) == '\n' && in.get(i - 1) == '\r' && in.get(i - 2) == '\n') {
          headerEnd = i + 1;
        }
      }
    }
    String head =
        new String(in.array(), 0, headerEnd, StandardCharsets.ISO_8859_1)
            .toLowerCase(Locale.ROOT);
    int at = head.indexOf("\r\ncontent-length:");
    long length =
        at < 0 ? 0 : Long.parseLong(head.substring(at + 17, head.indexOf('\r', at + 2)).trim());
    for (long have = in.position() - headerEnd; have < length; ) {
      in.clear();
      int n = channel.read(in);
      if (n < 0) {
        throw new IOException("closed in the answer's body");
      }
      have += n;
    }
    return head.contains("\r\nconnection: close");
  }
}
