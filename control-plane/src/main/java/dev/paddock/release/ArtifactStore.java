package dev.paddock.release;

import dev.paddock.Installation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Release jars on disk under {@code <data dir>/releases/<sha256>.jar}: content-addressed, written
 * by atomic rename, so a crash never leaves a half-written artifact behind a release row.
 */
@Component
public class ArtifactStore {

  private final Path dir;
  private final DataSize maxSize;

  ArtifactStore(Installation installation, ReleaseProperties properties) throws IOException {
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

  /** Streams the body to a temporary file, hashing it on the way and enforcing the size limit. */
  Upload receive(InputStream body) throws IOException {
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
    Files.move(
        upload.file(),
        path(upload.sha256()),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  public Path path(String sha256) {
    return dir.resolve(sha256 + ".jar");
  }

  private long copy(InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    for (int n; (n = in.read(buffer)) > 0; ) {
      total += n;
      if (total > maxSize.toBytes()) {
        throw new InvalidReleaseException(
            "The jar is larger than the limit of %d MiB".formatted(maxSize.toMegabytes()));
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
