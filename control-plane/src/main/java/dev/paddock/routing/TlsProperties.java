package dev.paddock.routing;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * A certificate the admin provides for the base domain ({@code paddock.edge.tls.*}), typically a
 * wildcard: the edge serves every name under the base domain with it, and gets certificates for
 * apps' own host names from {@link AcmeProperties ACME} when that is configured.
 *
 * @param certificate the PEM certificate chain, leaf first
 * @param key the PEM private key, readable by the control plane's user
 */
@ConfigurationProperties("paddock.edge.tls")
public record TlsProperties(Path certificate, Path key) {

  public TlsProperties {
    if ((certificate == null) != (key == null)) {
      throw new IllegalArgumentException(
          "paddock.edge.tls.certificate and paddock.edge.tls.key go together: set both or neither");
    }
  }

  public static TlsProperties none() {
    return new TlsProperties(null, null);
  }

  public boolean enabled() {
    return certificate != null;
  }
}
