package dev.paddock.runner;

import dev.paddock.handler.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A short run through the runner's start, serve and drain paths, made when the sandbox image is
 * built with {@code -XX:AOTCacheOutput}: the JVM then keeps the loaded and linked classes (mostly
 * Jetty's) in an AOT cache, which halves the time from start to the first response.
 */
final class Training {

  private Training() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("paddock-training");
    try {
      serveAHandler(dir);
    } finally {
      try (var files = Files.list(dir)) {
        for (Path file : files.toList()) {
          Files.deleteIfExists(file);
        }
      }
      Files.delete(dir);
    }
    Log.info("training run complete");
  }

  private static void serveAHandler(Path dir) throws Exception {
    Path socket = dir.resolve("handler.sock");
    RunnerConfig config =
        new RunnerConfig(
            dir.resolve("app.jar"),
            List.of(),
            0,
            Optional.of(socket),
            0,
            Duration.ofSeconds(1),
            Optional.empty(),
            RunnerConfig.DEFAULT_REQUEST_TIMEOUT,
            Map.of());
    ClassLoader loader = Training.class.getClassLoader();
    JettyAppServer jetty =
        new JettyAppServer(
            config,
            () ->
                new TenantHandler(
                    request -> Response.ok("trained"),
                    loader,
                    new Watchdog(config.requestTimeout())));
    try (Sandbox sandbox = new Sandbox(config, jetty, new CompletableFuture<>())) {
      sandbox.start();
      for (int i = 0; i < 3; i++) {
        get(new InetSocketAddress(InetAddress.getLoopbackAddress(), jetty.port()), "/");
        get(UnixDomainSocketAddress.of(socket), "/?q=" + i);
      }
      SocketAddress admin =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), sandbox.adminPort());
      get(admin, "/health");
      get(admin, "/metrics");
    }
  }

  private static String get(SocketAddress address, String path) throws IOException {
    try (SocketChannel channel = SocketChannel.open(address)) {
      String request = "GET " + path + " HTTP/1.1\r\nHost: training\r\nConnection: close\r\n\r\n";
      channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
      ByteArrayOutputStream response = new ByteArrayOutputStream();
      ByteBuffer buffer = ByteBuffer.allocate(8192);
      while (channel.read(buffer) >= 0) {
        response.write(buffer.array(), 0, buffer.position());
        buffer.clear();
      }
      return response.toString(StandardCharsets.UTF_8);
    }
  }
}
