package dev.paddock.sandbox.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signed links to release jars: a sandbox's init container fetches its release with one, and the
 * {@link ArtifactServer} serves a jar only for a link signed for that tenant and that jar. The key
 * is {@code paddock.kubernetes.artifact-key}, or one generated into a file (mode 0600) on first
 * start and kept across restarts. Thread-safe.
 */
class ArtifactLinks {

  private static final Logger log = LoggerFactory.getLogger(ArtifactLinks.class);
  private static final String HMAC = "HmacSHA256";

  private final SecretKeySpec key;

  ArtifactLinks(byte[] key) {
    this.key = new SecretKeySpec(key.clone(), HMAC);
  }

  /** The configured key when there is one, otherwise the one kept in {@code file}. */
  static ArtifactLinks from(String configured, Path file) {
    if (configured != null && !configured.isBlank()) {
      return new ArtifactLinks(configured.strip().getBytes(StandardCharsets.UTF_8));
    }
    try {
      return new ArtifactLinks(keyFile(file).getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or write the artifact key " + file, e);
    }
  }

  /** Where a sandbox of the tenant downloads the jar with this digest. */
  URI link(String host, int port, String tenant, String sha256) {
    return URI.create(
        "http://%s:%d/artifacts/%s?tenant=%s&signature=%s"
            .formatted(host, port, sha256, tenant, sign(tenant, sha256)));
  }

  /** Whether the signature was made by {@link #link} for this tenant and jar. */
  boolean verify(String tenant, String sha256, String signature) {
    if (tenant == null || signature == null) {
      return false;
    }
    return MessageDigest.isEqual(
        sign(tenant, sha256).getBytes(StandardCharsets.US_ASCII),
        signature.getBytes(StandardCharsets.US_ASCII));
  }

  String sign(String tenant, String sha256) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      return HexFormat.of()
          .formatHex(mac.doFinal((tenant + "/" + sha256).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String keyFile(Path file) throws IOException {
    if (Files.exists(file)) {
      return Files.readString(file).strip();
    }
    Files.createDirectories(file.getParent());
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    String generated = HexFormat.of().formatHex(bytes);
    Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.deleteIfExists(temp);
    Files.createFile(
        temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(temp, generated + "\n");
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    log.info("Artifact key: generated and written to {} (mode 0600)", file);
    return generated;
  }
}
