import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * A keep-alive HTTP/1.1 load client that speaks to a TCP port or a Unix socket alike, since wrk
 * cannot reach a Unix socket: {@code java HopLoad.java <port | socket path> <seconds>
 * <connections> [server pid]}. Each connection runs on its own platform thread and sends {@code GET
 * /} again as soon as the last response (framed by Content-Length) is in. Prints requests per
 * second and, since on a busy host those depend on the neighbours, the CPU time per request that
 * the server's process (from /proc) and this client spent: the hop's cost is the server's extra.
 */
public class HopLoad {

  private static final byte[] REQUEST =
      "GET / HTTP/1.1\r\nHost: app\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  public static void main(String[] args) throws Exception {
    SocketAddress target =
        args[0].matches("\\d+")
            ? new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0]))
            : UnixDomainSocketAddress.of(Path.of(args[0]));
    long seconds = Long.parseLong(args[1]);
    int connections = Integer.parseInt(args[2]);
    LongAdder done = new LongAdder();
    LongAdder errors = new LongAdder();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      threads.add(Thread.ofPlatform().start(() -> run(target, end, done, errors)));
    }
    long start = System.nanoTime();
    long serverStart = args.length > 3 ? cpuTicks(args[3]) : 0;
    long clientStart = clientCpuNanos();
    for (Thread thread : threads) {
      thread.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    double requests = done.sum();
    double clientUs = (clientCpuNanos() - clientStart) / 1e3 / requests;
    // /proc counts in clock ticks of 10 ms.
    double serverUs = args.length > 3 ? (cpuTicks(args[3]) - serverStart) * 1e4 / requests : 0;
    System.out.printf(
        "%.0f req/s, server %.1f us/request, client %.1f us/request (%d requests, %d errors)%n",
        requests / elapsed, serverUs, clientUs, done.sum(), errors.sum());
  }

  private static long clientCpuNanos() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** The process's user and system time, in clock ticks. */
  private static long cpuTicks(String pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", pid, "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  private static void run(SocketAddress target, long end, LongAdder done, LongAdder errors) {
    ByteBuffer in = ByteBuffer.allocateDirect(16 * 1024);
    ByteBuffer out = ByteBuffer.allocateDirect(REQUEST.length).put(REQUEST);
    while (System.nanoTime() < end) {
      try (SocketChannel channel = SocketChannel.open(target)) {
        if (target instanceof InetSocketAddress) {
          channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }
        while (System.nanoTime() < end) {
          out.clear();
          while (out.hasRemaining()) {
            channel.write(out);
          }
          in.clear();
          readResponse(channel, in);
          done.increment();
        }
      } catch (IOException e) {
        errors.increment();
      }
    }
  }

  /**
   * Reads one response: its header block, then as many body bytes as its Content-Length says.
   * Returns whether it says {@code Connection: close}.
   */
  static boolean readResponse(SocketChannel channel, ByteBuffer in) throws IOException {
    int headerEnd = -1;
    long length = 0;
    while (headerEnd < 0) {
      if (channel.read(in) < 0) {
        throw new IOException("closed before the response's headers");
      }
      for (int i = 3; i < in.position(); i++) {
        if (in.get(i) == '\n' && in.get(i - 1) == '\r' && in.get(i - 2) == '\n') {
          headerEnd = i + 1;
          break;
        }
      }
    }
    byte[] head = new byte[headerEnd];
    in.get(0, head);
    String headers = new String(head, StandardCharsets.US_ASCII).toLowerCase();
    int at = headers.indexOf("\ncontent-length:");
    if (at >= 0) {
      length = Long.parseLong(headers.substring(at + 16, headers.indexOf('\r', at)).strip());
    }
    long remaining = headerEnd + length - in.position();
    while (remaining > 0) {
      in.clear();
      int read = channel.read(in);
      if (read < 0) {
        throw new IOException("closed in the response's body");
      }
      remaining -= read;
    }
    return headers.contains("\nconnection: close");
  }
}
