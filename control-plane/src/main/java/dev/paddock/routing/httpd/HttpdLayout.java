package dev.paddock.routing.httpd;

import dev.paddock.Installation;
import dev.paddock.routing.RoutingException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/** Where Paddock keeps its httpd files (error pages; for a managed httpd, config, pid and logs). */
record HttpdLayout(Path dir) {

  /** Creates the directories and error pages, readable by httpd's workers. Idempotent. */
  void prepare() throws IOException {
    for (Path d : List.of(dir, errors(), run(), errorLog().getParent())) {
      Files.createDirectories(d);
    }
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(errors(), PosixFilePermissions.fromString("rwxr-xr-x"));
    requireTraversable(errors());
    for (String page : List.of("404.html", "503.html")) {
      try (InputStream in = HttpdLayout.class.getResourceAsStream("/httpd/" + page)) {
        Files.write(errors().resolve(page), in.readAllBytes());
      }
    }
  }

  /**
   * httpd's workers run as another user when root starts httpd: they must be able to search every
   * directory above the error pages and the sockets.
   */
  static void requireTraversable(Path path) throws IOException {
    if (!Installation.asRoot()) {
      return;
    }
    for (Path p = path.toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p)
          && !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
        throw new RoutingException(
            "httpd's workers cannot reach %s because %s is not searchable by others (o+x): choose another paddock.data-dir or chmod o+x it"
                .formatted(path, p),
            null);
      }
    }
  }

  Path mainConfig() {
    return dir.resolve("httpd.conf");
  }

  Path vhosts() {
    return dir.resolve("vhosts.conf");
  }

  Path errors() {
    return dir.resolve("errors");
  }

  Path run() {
    return dir.resolve("run");
  }

  Path pidFile() {
    return run().resolve("httpd.pid");
  }

  Path errorLog() {
    return dir.resolve("logs").resolve("error.log");
  }
}
