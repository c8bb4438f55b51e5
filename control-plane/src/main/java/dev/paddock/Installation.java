package dev.paddock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One Paddock installation: where it keeps its state and the name that labels everything it creates
 * outside the database, so two installations on one host never touch each other's things.
 *
 * @param dataDir releases, the embedded PostgreSQL, httpd config and sandbox sockets live here;
 *     defaults to {@code /var/lib/paddock} for root and {@code ~/.paddock} for anyone else
 * @param name a DNS label that prefixes container, network and image names
 */
@ConfigurationProperties("paddock")
public record Installation(Path dataDir, @DefaultValue("paddock") String name) {

  private static final boolean AS_ROOT = uid() == 0;

  public Installation {
    if (!name.matches("[a-z][a-z0-9-]{0,30}[a-z0-9]")) {
      throw new IllegalArgumentException("paddock.name must be a DNS label, got '" + name + "'");
    }
    dataDir = (dataDir != null ? dataDir : defaultDataDir()).toAbsolutePath().normalize();
    if (dataDir.toString().matches(".*[\"\\s$\\\\].*")) {
      // The path is written into httpd's configuration: keep it free of quoting surprises.
      throw new IllegalArgumentException("paddock.data-dir must not contain quotes, spaces or $");
    }
  }

  /**
   * Whether the control plane runs as root: then it hands sandboxes' socket directories to their
   * tenant's uid and httpd's workers drop to an unprivileged user.
   */
  public static boolean asRoot() {
    return AS_ROOT;
  }

  private static int uid() {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException | UnsupportedOperationException e) {
      return -1;
    }
  }

  private static Path defaultDataDir() {
    return asRoot()
        ? Path.of("/var/lib/paddock")
        : Path.of(System.getProperty("user.home"), ".paddock");
  }

  public Path dir(String first, String... more) {
    return dataDir.resolve(Path.of(first, more));
  }
}
