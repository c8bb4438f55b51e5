package dev.paddock.routing.httpd;

import dev.paddock.routing.EdgeContainer;
import dev.paddock.routing.RoutingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * httpd in a container of its own, for a control plane that is not root and so cannot start httpd
 * as another user itself: the edge's user ({@code paddock.edge.httpd.container-user}, in the
 * control plane's group to read its configuration and keys) has no access to Docker, which the
 * control plane's user has. The container runs the host's httpd in the host's network, sees the
 * httpd directory read-only but for its run, log and certificate directories, and the apps' sockets
 * read-only. Reloads and stops are signals sent through the engine: the control plane may not
 * signal another user's process.
 */
final class ContainerHttpd implements HttpdLauncher {

  private static final Logger log = LoggerFactory.getLogger(ContainerHttpd.class);
  private static final List<Path> HOST_FILES =
      List.of(Path.of("/usr"), Path.of("/etc/mime.types"), Path.of("/etc/ssl"));

  private final HttpdLayout layout;
  private final HttpdProperties httpd;
  private final Https https;
  private final EdgeContainer container;

  ContainerHttpd(HttpdLayout layout, HttpdProperties httpd, Https https, EdgeContainer container) {
    this.layout = layout;
    this.httpd = httpd;
    this.https = https;
    this.container = container;
  }

  @Override
  public Optional<Long> parent() {
    return container.pid();
  }

  @Override
  public Optional<Long> adoptable() {
    try {
      return container.running(spec());
    } catch (IOException e) {
      throw new RoutingException("Cannot read the httpd directory " + layout.dir(), e);
    }
  }

  @Override
  public void launch() {
    try {
      EdgeContainer.Spec spec = spec();
      shareWritable();
      container.start(spec);
      log.info("httpd runs in a container as {}: no access to Docker", spec.user());
    } catch (IOException e) {
      throw new RoutingException("Cannot prepare the httpd directory " + layout.dir(), e);
    }
  }

  @Override
  public void graceful() {
    container.signal("USR1");
  }

  @Override
  public void killAll() {
    container.remove();
  }

  @Override
  public void terminate(Duration patience) {
    if (parent().isEmpty()) {
      return;
    }
    container.signal("TERM");
    long deadline = System.nanoTime() + patience.toNanos();
    while (parent().isPresent() && System.nanoTime() < deadline) {
      sleep();
    }
    container.remove();
  }

  /** What the container runs: the host's httpd in the foreground, as the edge's user. */
  private EdgeContainer.Spec spec() throws IOException {
    int group = (Integer) Files.getAttribute(layout.dir(), "unix:gid");
    List<EdgeContainer.Mount> mounts = new ArrayList<>();
    for (Path file : HOST_FILES) {
      if (Files.exists(file)) {
        mounts.add(new EdgeContainer.Mount(file, false));
      }
    }
    mounts.add(new EdgeContainer.Mount(layout.dir(), false));
    for (Path dir : writable()) {
      mounts.add(new EdgeContainer.Mount(dir, true));
    }
    if (https.tls().certificate() != null) {
      List<Path> seen = mounts.stream().map(EdgeContainer.Mount::path).toList();
      for (Path dir : tlsDirectories(seen, https.tls().certificate(), https.tls().key())) {
        mounts.add(new EdgeContainer.Mount(dir, false));
      }
    }
    return new EdgeContainer.Spec(
        httpd.containerUser() + ":" + group,
        List.of(
            httpd.binary().contains("/") ? httpd.binary() : "/usr/sbin/" + httpd.binary(),
            "-f",
            layout.mainConfig().toString(),
            // Its pid there is its container's, not the host's: never in the host's pid file.
            "-c",
            "PidFile /tmp/httpd.pid",
            "-DFOREGROUND"),
        mounts);
  }

  /**
   * The directories of the admin's certificate and key, and of what their links lead to, that
   * {@code mounted} does not cover: a file mounted alone stays the file it was at the container's
   * start, so a certificate renewed by writing a new file and renaming or relinking it (certbot's
   * {@code live/} links into {@code archive/}) would never be seen, even at a reload.
   */
  static List<Path> tlsDirectories(List<Path> mounted, Path... files) throws IOException {
    List<Path> dirs = new ArrayList<>();
    for (Path file : files) {
      for (Path dir : List.of(file.toAbsolutePath().getParent(), file.toRealPath().getParent())) {
        if (Stream.concat(mounted.stream(), dirs.stream()).noneMatch(dir::startsWith)) {
          dirs.add(dir);
        }
      }
    }
    return dirs;
  }

  /** Where httpd writes: its pid and runtime files, its error log, mod_md's store. */
  private List<Path> writable() {
    List<Path> dirs = new ArrayList<>(List.of(layout.run(), layout.errorLog().getParent()));
    if (https.enabled()) {
      dirs.add(https.store() != null ? https.store() : layout.md());
    }
    return dirs;
  }

  /**
   * Makes httpd's own directories writable by the control plane's group, which the edge's user is
   * in, and leaves no file of the control plane's there that httpd must write: a pid file, or an
   * error log an httpd of the control plane's own user started.
   */
  private void shareWritable() throws IOException {
    for (Path dir : writable()) {
      Files.createDirectories(dir);
      if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) && owned(dir)) {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwx---"));
      }
    }
    Files.deleteIfExists(layout.pidFile());
    if (Files.isRegularFile(layout.errorLog(), LinkOption.NOFOLLOW_LINKS)
        && owned(layout.errorLog())) {
      Files.setPosixFilePermissions(
          layout.errorLog(), PosixFilePermissions.fromString("rw-rw----"));
    }
  }

  private boolean owned(Path path) throws IOException {
    return Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS)
        .equals(Files.getAttribute(layout.dir(), "unix:uid"));
  }

  private static void sleep() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RoutingException("Interrupted while stopping httpd", e);
    }
  }
}
