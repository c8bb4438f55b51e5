package dev.paddock.tenant;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The quota a tenant gets when the admin creates it without one ({@code
 * paddock.tenants.default-quota.*}), so that no tenant holds the whole host by default.
 */
@ConfigurationProperties("paddock.tenants.default-quota")
record DefaultQuota(
    @DefaultValue("4GB") DataSize memory,
    @DefaultValue("20") int apps,
    @DefaultValue("40") int instances) {

  Quota quota() {
    return new Quota(memory, apps, instances);
  }
}
