package dev.paddock.auth;

import dev.paddock.Installation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * The platform admin's token: {@code PADDOCK_ADMIN_TOKEN} when set, otherwise generated on first
 * start into {@code <data dir>/admin-token} (mode 0600) and kept across restarts.
 */
@Component
class AdminToken {

  private static final Logger log = LoggerFactory.getLogger(AdminToken.class);

  /**
   * @param adminToken the admin's token; unset or blank, one is generated on first start
   */
  @ConfigurationProperties("paddock")
  record Properties(String adminToken) {}

  private final byte[] hash;

  AdminToken(Installation installation, Properties properties) throws IOException {
    String configured = properties.adminToken();
    String token =
        configured == null || configured.isBlank()
            ? fromFile(installation.dir("admin-token"))
            : configured;
    this.hash = Tokens.hash(token.strip()).getBytes(StandardCharsets.US_ASCII);
  }

  boolean matches(String token) {
    return MessageDigest.isEqual(hash, Tokens.hash(token).getBytes(StandardCharsets.US_ASCII));
  }

  private static String fromFile(Path file) throws IOException {
    if (Files.exists(file)) {
      log.info("Admin token: read from {}", file);
      return Files.readString(file);
    }
    Files.createDirectories(file.getParent());
    String token = Tokens.generate();
    Path temp = file.resolveSibling(".admin-token.tmp");
    Files.deleteIfExists(temp);
    Files.createFile(
        temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(temp, token + "\n");
    try {
      Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the admin token to " + file, e);
    }
    log.info("Admin token: generated and written to {} (mode 0600)", file);
    return token;
  }
}
