package dev.paddock.aot;

import dev.paddock.Installation;
import dev.paddock.sandbox.AotTraining;
import dev.paddock.sandbox.TenantFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.util.unit.DataSize;

/**
 * The files of AOT caches: each beside its release's jar as {@code <sha256>-<key>.aot}, with the
 * JVM options it was trained with in {@code .options}; and the directories training runs write
 * into, which the tenant's uid owns. A cache is taken out of such a directory only as a regular
 * file, opened without following links and copied up to a size bound, after its runs have ended:
 * nothing the tenant wrote is followed as a path. Thread-safe.
 */
final class CacheFiles {

  private final Path releases;
  private final Path training;
  private final DataSize maxSize;

  CacheFiles(Installation installation, DataSize maxSize) {
    this.releases = installation.dir("releases");
    this.training = installation.dir("aot-training");
    this.maxSize = maxSize;
  }

  Path cache(String sha256, CacheKey key) {
    return releases.resolve(key.fileName(sha256));
  }

  /** The options file of another cache of the release, made under other options, if any. */
  Optional<Path> other(String sha256, CacheKey key) throws IOException {
    try (Stream<Path> files = Files.list(releases)) {
      return files
          .filter(f -> f.getFileName().toString().startsWith(sha256 + "-"))
          .filter(f -> f.getFileName().toString().endsWith(".options"))
          .filter(f -> !f.getFileName().toString().startsWith(sha256 + "-" + key.hash()))
          .findFirst();
    }
  }

  /** A new directory for one training, writable by {@code uid} alone (by all without root). */
  Path prepare(int uid) throws IOException {
    Files.createDirectories(training);
    Files.setPosixFilePermissions(training, PosixFilePermissions.fromString("rwx--x--x"));
    Path dir = Files.createTempDirectory(training, "run-");
    if (Installation.asRoot()) {
      Files.setAttribute(dir, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(dir, "unix:gid", uid, LinkOption.NOFOLLOW_LINKS);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    } else {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    }
    return dir;
  }

  /**
   * Copies the cache a training left in {@code dir} beside the release's jar, with its options;
   * returns its size.
   *
   * @throws IOException when there is none, it is no regular file, or it is over the bound
   */
  long keep(Path dir, String sha256, CacheKey key) throws IOException {
    Path file = dir.resolve(AotTraining.CACHE);
    BasicFileAttributes attributes =
        Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!attributes.isRegularFile() || attributes.size() > maxSize.toBytes()) {
      throw new IOException(
          "the training left no regular file of at most %d MB".formatted(maxSize.toMegabytes()));
    }
    Path target = cache(sha256, key);
    Path temp = Files.createTempFile(releases, ".aot-", ".tmp");
    try {
      long size = copy(file, temp);
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
      Files.writeString(options(target), String.join(" ", key.options()) + "\n");
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      return size;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Removes a training's directory and what the tenant left in it, never following a link. */
  void remove(Path dir) throws IOException {
    TenantFiles.deleteTree(dir);
    Files.deleteIfExists(dir);
  }

  /** Removes the release's caches made under other options than {@code key}. */
  void dropOthers(String sha256, CacheKey key) throws IOException {
    try (Stream<Path> files = Files.list(releases)) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString();
        if (name.startsWith(sha256 + "-") && !name.startsWith(sha256 + "-" + key.hash())) {
          Files.deleteIfExists(f);
        }
      }
    }
  }

  static Path options(Path cache) {
    return cache.resolveSibling(cache.getFileName() + ".options");
  }

  private long copy(Path from, Path to) throws IOException {
    long total = 0;
    try (InputStream in = Files.newInputStream(from, LinkOption.NOFOLLOW_LINKS);
        OutputStream out = Files.newOutputStream(to)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        total += n;
        if (total > maxSize.toBytes()) {
          throw new IOException("the cache grew over %d MB".formatted(maxSize.toMegabytes()));
        }
        out.write(buffer, 0, n);
      }
    }
    return total;
  }
}
