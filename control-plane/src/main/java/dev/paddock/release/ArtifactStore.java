package dev.paddock.release;

import dev.paddock.Installation;
import dev.paddock.sandbox.ArtifactSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Release jars: content-addressed, kept in the database for every control plane, and on this one's
 * disk under {@code <data dir>/releases/<sha256>.jar}, where the drivers read them. Files are
 * written by atomic rename, so a crash never leaves a half-written jar behind a release row.
 */
@Component
public class ArtifactStore implements ArtifactSource {

  private static final Pattern JAR = Pattern.compile("[0-9a-f]{64}\\.jar");
  private static final Logger log = LoggerFactory.getLogger(ArtifactStore.class);

  private final Path dir;
  private final DataSize maxSize;
  private final DatabaseArtifacts database;

  ArtifactStore(Installation installation, ReleaseProperties properties, DatabaseArtifacts database)
      throws IOException {
    this.database = database;
    this.dir = installation.dir("releases");
    if (!Files.isDirectory(dir)) {
      // Tenants' code: readable by the control plane alone (the data dir itself stays searchable).
      Files.createDirectories(installation.dataDir());
      Files.createDirectory(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    this.maxSize = properties.maxSize();
  }

  /** A jar received and checked, not yet in the store. */
  record Upload(Path file, String sha256, long size) {}

  /**
   * Streams the body to a temporary file, hashing it on the way and enforcing the size limit.
   *
   * @param declaredLength the request's Content-Length, or -1: over the limit, nothing is read
   */
  Upload receive(InputStream body, long declaredLength) throws IOException {
    if (declaredLength > maxSize.toBytes()) {
      throw new ReleaseTooLargeException(maxSize);
    }
    Path temp = Files.createTempFile(dir, ".upload-", ".jar");
    try {
      MessageDigest sha = sha256();
      long size;
      try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), sha)) {
        size = copy(body, out);
      }
      return new Upload(temp, HexFormat.of().formatHex(sha.digest()), size);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
  }

  void keep(Upload upload) throws IOException {
    database.put(upload.sha256(), upload.file());
    Files.move(
        upload.file(),
        path(upload.sha256()),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * The jar on this control plane's disk, fetched from the database first when another control
   * plane received it. A jar found nowhere is logged; the driver that reads it reports it missing.
   */
  @Override
  public Path local(String sha256) {
    Path path = path(sha256);
    if (Files.exists(path)) {
      return path;
    }
    try {
      Path temp = Files.createTempFile(dir, ".fetch-", ".jar");
      try {
        if (database.copyTo(sha256, temp)) {
          Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE);
        } else {
          log.warn(
              "The jar {} is neither on this control plane's disk nor in the database", sha256);
        }
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot fetch the jar " + sha256, e);
    }
    return path;
  }

  /** Deletes the jar here and in the database, and the AOT caches made of it beside it. */
  void delete(String sha256) throws IOException {
    database.delete(sha256);
    Files.deleteIfExists(path(sha256));
    try (Stream<Path> caches = Files.list(dir)) {
      for (Path cache :
          caches.filter(f -> f.getFileName().toString().startsWith(sha256 + "-")).toList()) {
        Files.deleteIfExists(cache);
      }
    }
  }

  /** Stores jars that only this disk holds (from before jars were kept in the database). */
  @EventListener(ApplicationReadyEvent.class)
  void share() throws IOException {
    Set<String> stored = database.digests();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path jar :
          files.filter(f -> JAR.matcher(f.getFileName().toString()).matches()).toList()) {
        String sha256 = jar.getFileName().toString().replace(".jar", "");
        if (!stored.contains(sha256)) {
          database.put(sha256, jar);
        }
      }
    }
  }

  private Path path(String sha256) {
    return dir.resolve(sha256 + ".jar");
  }

  private long copy(InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    for (int n; (n = in.read(buffer)) > 0; ) {
      total += n;
      if (total > maxSize.toBytes()) {
        throw new ReleaseTooLargeException(maxSize);
      }
      out.write(buffer, 0, n);
    }
    return total;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
