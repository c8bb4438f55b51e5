package dev.paddock.sandbox.kubernetes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Serves release jars to sandboxes' init containers, on a port of its own (never the API's): only
 * {@code GET /artifacts/<sha256>?tenant=<tenant>&signature=<signature>} with a signature from
 * {@link ArtifactLinks}; anything else is 404, exactly as a jar that does not exist. Runs while the
 * application context does.
 */
class ArtifactServer implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ArtifactServer.class);
  private static final Pattern PATH = Pattern.compile("/artifacts/([0-9a-f]{64})");

  private final int port;
  private final ArtifactLinks links;
  private final Function<String, Path> jars;
  private volatile HttpServer server;

  /**
   * @param port the port to listen on, on every interface; 0 for any free one
   * @param jars where the jar with a given sha256 is
   */
  ArtifactServer(int port, ArtifactLinks links, Function<String, Path> jars) {
    this.port = port;
    this.links = links;
    this.jars = jars;
  }

  @Override
  public void start() {
    try {
      HttpServer http = HttpServer.create(new InetSocketAddress(port), 0);
      http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      http.createContext("/", this::handle);
      http.start();
      server = http;
      log.info("Serving release jars to sandboxes on port {}", port());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot serve release jars on port " + port, e);
    }
  }

  @Override
  public void stop() {
    HttpServer http = server;
    if (http != null) {
      http.stop(0);
      server = null;
    }
  }

  @Override
  public boolean isRunning() {
    return server != null;
  }

  /** The port it listens on. */
  int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Matcher path = PATH.matcher(exchange.getRequestURI().getPath());
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      if (!exchange.getRequestMethod().equals("GET")
          || !path.matches()
          || !links.verify(query.get("tenant"), path.group(1), query.get("signature"))) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      send(exchange, jars.apply(path.group(1)));
    }
  }

  private static void send(HttpExchange exchange, Path jar) throws IOException {
    InputStream in;
    try {
      in = Files.newInputStream(jar);
    } catch (NoSuchFileException e) {
      exchange.sendResponseHeaders(404, -1);
      return;
    }
    try (in) {
      exchange.getResponseHeaders().set("Content-Type", "application/java-archive");
      exchange.sendResponseHeaders(200, Files.size(jar));
      try (OutputStream out = exchange.getResponseBody()) {
        in.transferTo(out);
      }
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new HashMap<>();
    if (raw == null) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0) {
        query.put(
            URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
      }
    }
    return query;
  }
}
