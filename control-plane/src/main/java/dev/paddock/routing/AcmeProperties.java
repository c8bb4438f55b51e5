package dev.paddock.routing;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Certificates from an ACME certificate authority for every app's host names ({@code
 * paddock.edge.acme.*}); HTTPS is off while {@code directory} is unset (and no {@link TlsProperties
 * certificate} is given), since nothing public can validate {@code localhost}.
 *
 * @param directory the CA's ACME directory, e.g. {@code
 *     https://acme-v02.api.letsencrypt.org/directory}; the edge's HTTP port must be reachable as
 *     port 80 of every host name, where httpd itself answers the CA's challenges
 * @param caCertificate a PEM file of the CA certificate the directory's own TLS is verified with,
 *     for a private ACME server; unset: the system's trust store
 * @param email the contact address given to the CA: its expiry and policy mail go there
 * @param checkInterval how often the control plane reads httpd's certificate status, to activate a
 *     new certificate with a graceful reload and to record issuance and failures
 * @param statusPort the loopback port where httpd answers its certificate status to the control
 *     plane; 0: a free port chosen at start
 * @param renewWindow when httpd renews a certificate: a share of its lifetime left ({@code 33%},
 *     mod_md's default) or a duration before expiry ({@code 21d})
 * @param renewCheckInterval how often httpd looks for certificates due renewal
 * @param store where httpd keeps its ACME account, keys and certificates ({@code MDStoreDir}), on a
 *     disk that outlives restarts; unset: under the data dir for the managed httpd, the system
 *     httpd's own default for an external one. An external httpd must be able to write it
 */
@ConfigurationProperties("paddock.edge.acme")
public record AcmeProperties(
    URI directory,
    Path caCertificate,
    @DefaultValue("") String email,
    @DefaultValue("5s") Duration checkInterval,
    @DefaultValue("0") int statusPort,
    @DefaultValue("33%") String renewWindow,
    @DefaultValue("12h") Duration renewCheckInterval,
    Path store) {

  public AcmeProperties(
      URI directory, Path caCertificate, String email, Duration checkInterval, int statusPort) {
    this(directory, caCertificate, email, checkInterval, statusPort, "33%", Duration.ofHours(12));
  }

  public AcmeProperties(
      URI directory,
      Path caCertificate,
      String email,
      Duration checkInterval,
      int statusPort,
      String renewWindow,
      Duration renewCheckInterval) {
    this(
        directory,
        caCertificate,
        email,
        checkInterval,
        statusPort,
        renewWindow,
        renewCheckInterval,
        null);
  }

  @ConstructorBinding
  public AcmeProperties {
    if (!renewWindow.matches("[1-9][0-9]?%|[1-9][0-9]*[smhd]")) {
      throw new IllegalArgumentException(
          "paddock.edge.acme.renew-window is a share of the lifetime such as 33%, or a duration"
              + " such as 21d; got "
              + renewWindow);
    }
    if (renewCheckInterval.toSeconds() < 1) {
      throw new IllegalArgumentException(
          "paddock.edge.acme.renew-check-interval must be a second or more");
    }
    // Empty, as a compose file's unset variable gives it: no ACME.
    if (directory != null && directory.toString().isBlank()) {
      directory = null;
    }
    if (store != null && store.toString().isBlank()) {
      store = null;
    }
    if (directory != null && !"https".equals(directory.getScheme())) {
      throw new IllegalArgumentException(
          "paddock.edge.acme.directory must be an https URL, got " + directory);
    }
    if (directory != null && !email.matches("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+")) {
      throw new IllegalArgumentException(
          "paddock.edge.acme.email must be set to a contact address when paddock.edge.acme.directory is: the certificate authority requires one, got '%s'"
              .formatted(email));
    }
  }

  /** No ACME: certificates come from files only, if at all. */
  public static AcmeProperties none() {
    return new AcmeProperties(null, null, "", Duration.ofSeconds(5), 0);
  }

  public boolean enabled() {
    return directory != null;
  }
}
