package dev.paddock.routing.httpd;

import dev.paddock.routing.EdgeProperties;
import dev.paddock.routing.ProofServer;
import dev.paddock.routing.Route;
import dev.paddock.routing.Router;
import dev.paddock.routing.RoutingException;
import dev.paddock.routing.Upstream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes apps through Apache httpd, proxying to a stable Unix socket per instance. With a {@link
 * RouteMap} (a managed httpd), an app of one instance without names from ACME is an entry in the
 * map ({@link RouteMapConfig#mapped}): creating or deleting it reloads nothing. Every other app has
 * a virtual host of its own, whose configuration changes only when the set of apps or an app's
 * instance count changes: render a candidate, {@code httpd -t} it, rename it over the live file,
 * reload gracefully. A deploy changes nothing here: the engine switches what is behind a socket.
 */
class HttpdRouter implements Router, ProofServer {

  private static final Logger log = LoggerFactory.getLogger(HttpdRouter.class);

  /** How long httpd's workers of before a graceful reload may still take requests. */
  static final Duration SETTLE = Duration.ofSeconds(5);

  private final HttpdLayout layout;
  private final Path vhosts;
  private final EdgeProperties edge;
  private final HttpdProperties httpd;
  private final Runnable reload;
  private final Https https;
  private final RouteMap map;
  private final Clock clock = Clock.systemUTC();
  private Instant lastReload = Instant.MIN;
  private Supplier<Set<String>> secured = Set::of;
  private Collection<Route> routes;

  /**
   * The routes and secured names the files hold in their final form, map included, and the hosts
   * file's time then; null while a write is to finish (the map after {@link #SETTLE}) or failed.
   * The periodic sync of the same routes then renders nothing, unless the file changed meanwhile:
   * at thousands of apps a render is a burst of CPU and garbage.
   */
  private Written written;

  private record Written(List<Route> routes, Set<String> secured, FileTime modified) {}

  HttpdRouter(
      HttpdLayout layout,
      Path vhosts,
      EdgeProperties edge,
      HttpdProperties httpd,
      Runnable reload) {
    this(layout, vhosts, httpd, reload, Https.off(edge));
  }

  HttpdRouter(
      HttpdLayout layout, Path vhosts, HttpdProperties httpd, Runnable reload, Https https) {
    this(layout, vhosts, httpd, reload, https, null);
  }

  /**
   * @param map where apps that can be are routed by name, without a host of their own; null: every
   *     app has its own host
   */
  HttpdRouter(
      HttpdLayout layout,
      Path vhosts,
      HttpdProperties httpd,
      Runnable reload,
      Https https,
      RouteMap map) {
    this.map = map;
    this.layout = layout;
    this.vhosts = vhosts;
    this.edge = https.edge();
    this.httpd = httpd;
    this.reload = reload;
    this.https = https;
  }

  /** Where the names that have their certificate come from: they redirect to HTTPS. */
  synchronized void securedBy(Supplier<Set<String>> secured) {
    this.secured = secured;
  }

  @Override
  public synchronized void sync(Collection<Route> routes) {
    this.routes = List.copyOf(routes);
    write(this.routes);
  }

  /**
   * Renders the last routes again, for names whose certificate changed; returns whether httpd was
   * reloaded. Before the first {@link #sync} there are none to render, and nothing changes.
   */
  synchronized boolean refresh() {
    return routes != null && write(routes);
  }

  /** Reloads httpd as it is configured, to activate a certificate {@code mod_md} has staged. */
  void reload() {
    reload.run();
  }

  /**
   * Writes the routes. With a route map, so that no name stops being served while it moves between
   * the map and a host of its own: first the map with every new entry and the old entries of names
   * that get a host of their own (a host of its own wins over the map once httpd has reloaded);
   * then the hosts; then, once {@link #SETTLE} has passed since the last reload (a graceful reload
   * returns before httpd's old workers stop taking requests), the map as it must be: a later sync
   * (the periodic one at the latest) writes it otherwise.
   */
  private boolean write(Collection<Route> routes) {
    Written now = new Written(List.copyOf(routes), Set.copyOf(secured.get()), modified());
    if (now.equals(written)) {
      return false;
    }
    written = null;
    if (map == null) {
      boolean reloaded = writeHosts(routes, now.secured(), null);
      remember(now);
      return reloaded;
    }
    Map<String, String> entries = RouteMapConfig.entries(routes, https);
    Map<String, String> meanwhile = new HashMap<>(entries);
    Set<String> own = RouteMapConfig.ownNames(routes, https);
    map.entries()
        .forEach(
            (name, value) -> {
              if (own.contains(name)) {
                meanwhile.putIfAbsent(name, value);
              }
            });
    map.write(meanwhile);
    boolean reloaded = writeHosts(routes, now.secured(), map.db());
    Instant at = clock.instant();
    if (reloaded) {
      lastReload = at;
    }
    if (!at.isBefore(lastReload.plus(SETTLE))) {
      map.write(entries);
      remember(now);
    }
    return reloaded;
  }

  /** Skips the next writes of what {@code now} holds, while the hosts file stays as written. */
  private void remember(Written now) {
    written = new Written(now.routes(), now.secured(), modified());
  }

  /** When the hosts file was last written, or null when there is none. */
  private FileTime modified() {
    try {
      return Files.getLastModifiedTime(vhosts);
    } catch (IOException e) {
      return null;
    }
  }

  private boolean writeHosts(Collection<Route> routes, Set<String> secured, Path mapFile) {
    String config = HttpdConfig.vhosts(routes, layout.errors(), https, secured, mapFile);
    String previous;
    try {
      previous = Files.exists(vhosts) ? Files.readString(vhosts) : null;
      if (config.equals(previous)) {
        return false;
      }
      for (Path dir :
          routes.stream()
              .flatMap(
                  r ->
                      r.upstream() instanceof Upstream.Sockets sockets
                          ? sockets.slots().stream()
                          : Stream.empty())
              .map(Path::getParent)
              .distinct()
              .toList()) {
        HttpdLayout.requireTraversable(dir);
      }
      Path candidate = vhosts.resolveSibling("." + vhosts.getFileName() + ".candidate");
      Files.writeString(candidate, config);
      try {
        test(candidate);
        Files.move(candidate, vhosts, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(candidate);
      }
    } catch (IOException e) {
      throw new RoutingException("Cannot write " + vhosts + ": " + e.getMessage(), e);
    }
    try {
      reload.run();
    } catch (RoutingException e) {
      restore(previous);
      throw e;
    }
    log.info("httpd now serves {} app(s)", routes.size());
    return true;
  }

  /**
   * Puts the last good file back when the admin's httpd refused the new one: its config test can
   * differ from Paddock's (a module it does not load), and a file it refuses would keep it from
   * restarting, or stopping, later. A managed httpd passes Paddock's own test: nothing to undo.
   */
  private void restore(String previous) {
    if (httpd.mode() != HttpdProperties.Mode.EXTERNAL || previous == null) {
      return;
    }
    Path back = vhosts.resolveSibling("." + vhosts.getFileName() + ".restore");
    try {
      Files.writeString(back, previous);
      Files.move(back, vhosts, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      log.error("Cannot put the last good {} back: {}", vhosts, e.toString());
    }
  }

  /**
   * Writes one file per token, named and filled with it, and removes the others: the unknown-name
   * host serves the directory, so no reload is needed.
   */
  @Override
  public synchronized void serveProofs(Collection<String> tokens) {
    Path dir = layout.proofs();
    try {
      Files.createDirectories(dir);
      Set<String> wanted = new java.util.HashSet<>();
      for (String token : tokens) {
        if (!token.matches("[0-9a-f]{32}")) {
          throw new IllegalArgumentException("Not a proof token: " + token);
        }
        wanted.add(token);
        Path file = dir.resolve(token);
        if (!Files.exists(file)) {
          Path candidate = dir.resolve("." + token);
          Files.writeString(candidate, token + "\n");
          Files.setPosixFilePermissions(
              candidate, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
          Files.move(candidate, file, StandardCopyOption.ATOMIC_MOVE);
        }
      }
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.toList()) {
          if (!wanted.contains(file.getFileName().toString())) {
            Files.deleteIfExists(file);
          }
        }
      }
    } catch (IOException e) {
      throw new RoutingException(
          "Cannot write the proof tokens in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Checks a candidate with {@code httpd -t} in a harness that includes only the candidate. */
  private void test(Path candidate) throws IOException {
    Path harness = layout.dir().resolve(".harness.conf");
    Files.writeString(harness, HttpdConfig.main(layout, httpd, candidate, https));
    try {
      new Command(List.of(httpd.binary(), "-t", "-f", harness.toString()))
          .runOrThrow("Testing the new httpd configuration");
    } finally {
      Files.deleteIfExists(harness);
    }
  }
}
