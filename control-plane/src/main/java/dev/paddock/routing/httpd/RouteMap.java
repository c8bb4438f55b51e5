package dev.paddock.routing.httpd;

import dev.paddock.routing.RoutingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host name → upstream map the edge's catch-all host looks every request's name up in ({@code
 * RewriteMap … dbm=db:}): a Berkeley DB written by httpd's own {@code httxt2dbm} and put in place
 * by a rename. {@code mod_rewrite} sees the new file at the next request, so adding or removing an
 * app reloads nothing. Beside it, the same map as text, for people and tests to read. Not
 * thread-safe: its router serializes writes.
 */
final class RouteMap {

  private static final Logger log = LoggerFactory.getLogger(RouteMap.class);
  static final String TOOL = "httxt2dbm";

  private final Path db;
  private final Path text;
  private final Path tool;
  private SortedMap<String, String> written;

  RouteMap(Path db, Path tool) {
    this.db = db;
    this.tool = tool;
    this.text = db.resolveSibling(db.getFileName().toString().replaceFirst("\\.db$", "") + ".txt");
  }

  /**
   * The map beside the layout's files, when this host has {@code httxt2dbm} (Debian's {@code
   * apache2-utils}, in {@code /usr/sbin}, which a user's {@code PATH} may leave out); without it,
   * every app keeps a virtual host of its own.
   */
  static Optional<RouteMap> in(HttpdLayout layout) {
    String path = Objects.requireNonNullElse(System.getenv("PATH"), "") + ":/usr/sbin:/usr/bin";
    Optional<Path> tool =
        Stream.of(path.split(":"))
            .filter(dir -> dir.startsWith("/"))
            .map(dir -> Path.of(dir, TOOL))
            .filter(Files::isExecutable)
            .findFirst();
    if (tool.isEmpty()) {
      log.warn(
          "{} is not installed (Debian: apache2-utils): every app gets a virtual host of its own and"
              + " each app created or deleted reloads httpd",
          TOOL);
    }
    return tool.map(found -> new RouteMap(layout.routes(), found));
  }

  /** What the map holds: what was written last, or what the text beside it says. */
  Map<String, String> entries() {
    if (written != null) {
      return written;
    }
    try (Stream<String> lines = Files.exists(text) ? Files.lines(text) : Stream.empty()) {
      return lines
          .map(line -> line.split(" ", 2))
          .filter(pair -> pair.length == 2)
          .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1], (a, b) -> b));
    } catch (IOException e) {
      log.warn("Cannot read the route map {}: {}", text, e.toString());
      return Map.of();
    }
  }

  /** The file httpd reads. */
  Path db() {
    return db;
  }

  /** The map as text, one {@code name value} line per name. */
  Path text() {
    return text;
  }

  /**
   * Makes the map hold exactly these entries. Keys and values never contain white space. Writes
   * nothing when they are what was written last.
   */
  void write(Map<String, String> entries) {
    SortedMap<String, String> wanted = new TreeMap<>(entries);
    if (wanted.equals(written) && Files.exists(db)) {
      return;
    }
    Path nextText = db.resolveSibling("." + text.getFileName() + ".next");
    Path nextDb = db.resolveSibling("." + db.getFileName() + ".next");
    try {
      Files.writeString(
          nextText,
          wanted.entrySet().stream()
              .map(e -> e.getKey() + " " + e.getValue() + "\n")
              .collect(Collectors.joining()));
      Files.deleteIfExists(nextDb);
      new Command(
              List.of(
                  tool.toString(), "-f", "DB", "-i", nextText.toString(), "-o", nextDb.toString()))
          .runOrThrow("Writing the edge's route map");
      for (Path file : List.of(nextText, nextDb)) {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
      }
      Files.move(nextDb, db, StandardCopyOption.ATOMIC_MOVE);
      Files.move(nextText, text, StandardCopyOption.ATOMIC_MOVE);
      written = wanted;
    } catch (IOException e) {
      throw new RoutingException("Cannot write the route map " + db + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(nextText);
        Files.deleteIfExists(nextDb);
      } catch (IOException e) {
        log.warn("Cannot remove a temporary route map: {}", e.toString());
      }
    }
    log.debug("The route map holds {} name(s)", wanted.size());
  }
}
