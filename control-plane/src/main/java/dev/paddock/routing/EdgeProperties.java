package dev.paddock.routing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The edge where tenants' apps are served ({@code paddock.edge.*}): {@code
 * http://{app}.{tenant}.{baseDomain}:{port}/}.
 */
@ConfigurationProperties("paddock.edge")
public record EdgeProperties(
    @DefaultValue("localhost") String baseDomain,
    @DefaultValue("127.0.0.1") String address,
    @DefaultValue("8000") int port) {

  public EdgeProperties {
    if (!baseDomain.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")) {
      throw new IllegalArgumentException(
          "paddock.edge.base-domain is not a host name: " + baseDomain);
    }
  }

  public String host(String tenant, String app) {
    return app + "." + tenant + "." + baseDomain;
  }

  public String url(String tenant, String app) {
    return "http://" + host(tenant, app) + (port == 80 ? "" : ":" + port) + "/";
  }
}
