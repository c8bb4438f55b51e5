package dev.paddock.runner;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** Serves a handler jar with Jetty on the TCP port and, when configured, the Unix socket. */
final class JettyAppServer implements AppServer {

  /** Longer than the edge keeps an idle connection for reuse (httpd's {@code ttl=2}). */
  static final Duration QUIET = Duration.ofSeconds(3);

  /** How long streams ended at the drain timeout get to send their last chunk. */
  private static final Duration STREAMS_ENDING = Duration.ofSeconds(1);

  private static final String REFERENCES_PER_CACHE_LINE =
      "org.eclipse.jetty.util.referencesPerCacheLine";

  private final RunnerConfig config;
  private final Callable<TenantHandler> tenant;
  private volatile TenantHandler handler;
  private volatile boolean serving;
  private final Server server;
  private final ServerConnector tcp;

  /**
   * @param tenant makes the tenant's handler; called by {@link #start()}, after the admin endpoint
   *     is up, so a slow constructor shows as STARTING
   */
  JettyAppServer(RunnerConfig config, Callable<TenantHandler> tenant) {
    this.config = config;
    this.tenant = tenant;
    // Otherwise Jetty asks the platform MBean server whether oops are compressed, which starts
    // JMX and its platform beans: ~0.6 s of every sandbox start. Sandbox heaps are far below
    // 32 GiB, so oops are compressed: 64-byte cache lines hold 16 references.
    if (System.getProperty(REFERENCES_PER_CACHE_LINE) == null) {
      System.setProperty(REFERENCES_PER_CACHE_LINE, "16");
    }
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("http");
    // Tenant handlers block (JDBC, files, remote calls): each runs on its own virtual thread.
    threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    this.server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    this.tcp = new ServerConnector(server, new HttpConnectionFactory(http));
    tcp.setHost("0.0.0.0");
    tcp.setPort(config.port());
    server.addConnector(tcp);
    config
        .socket()
        .ifPresent(
            path -> {
              UnixDomainServerConnector unix =
                  new UnixDomainServerConnector(server, new HttpConnectionFactory(http));
              unix.setUnixDomainPath(path);
              server.addConnector(unix);
            });
  }

  /** Constructs the tenant's handler (which may take a while) and then serves it. */
  @Override
  public void start() throws Exception {
    handler = tenant.call();
    server.setHandler(handler);
    if (config.socket().isPresent()) {
      SocketFile.remove(config.socket().get());
    }
    server.start();
    if (config.socket().isPresent()) {
      SocketFile.openToEveryone(config.socket().get());
    }
    // Healthy only now: the control plane moves the socket out of the inbox as soon as it is, and
    // a socket moved before the web server may connect to it was the sandbox's death.
    serving = true;
  }

  int port() {
    return tcp.getLocalPort();
  }

  @Override
  public boolean ready() {
    return serving && server.isStarted();
  }

  @Override
  public Traffic traffic() {
    TenantHandler started = handler;
    return new Traffic(started == null ? 0 : started.requests(), 0);
  }

  /**
   * Stops accepting at once, then drains without a race against the web server's connection pool:
   * responses close their connections, so busy connections end cleanly after their next response;
   * idle ones are closed only once no request has come for longer than httpd keeps an idle
   * connection for reuse ({@link #QUIET}, above the edge's {@code ttl}), so httpd never sends on
   * one being closed.
   */
  @Override
  public void drain(Duration timeout) {
    if (handler == null) {
      return;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    handler.startDraining();
    // New connections find nothing: the TCP listener closes, and the socket's name goes (after a
    // route switch it is already gone: the web server reaches the new sandbox under that name).
    // Closing the Unix listener itself would cut the connections it accepted.
    tcp.close();
    config.socket().ifPresent(SocketFile::forget);
    awaitQuiet(QUIET, deadline);
    // Streams (server-sent events among them) end with their last chunk, not a cut connection: a
    // client sees a complete response and reconnects, to the new sandbox.
    handler.endStreams();
    awaitQuiet(Duration.ZERO, System.nanoTime() + STREAMS_ENDING.toNanos());
    server.setStopTimeout(Math.max(1000, (deadline - System.nanoTime()) / 1_000_000));
    try {
      server.stop();
    } catch (Exception e) {
      Log.error("stopping the HTTP server failed", e);
    }
    handler.close();
  }

  private void awaitQuiet(Duration quiet, long deadline) {
    while (!handler.quietFor(quiet) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
