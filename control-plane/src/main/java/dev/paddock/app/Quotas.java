package dev.paddock.app;

import dev.paddock.tenant.Quota;
import dev.paddock.tenant.Tenant;
import dev.paddock.tenant.Tenants;
import dev.paddock.units.Sizes;
import dev.paddock.web.ApiException;
import dev.paddock.web.ProblemType;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/** Holds a tenant's changes to its quota: what would take it beyond is refused, whole. */
@Component
public class Quotas {

  private final Tenants tenants;

  Quotas(Tenants tenants) {
    this.tenants = tenants;
  }

  /**
   * Refuses a change that adds {@code apps}, {@code instances} and {@code memoryBytes} (each may be
   * negative) if it takes the tenant beyond a bound of its quota; a change that grows nothing
   * passes even for a tenant already beyond. Call it in the transaction that makes the change: it
   * locks the tenant until that ends, so concurrent changes are counted one after the other.
   */
  public void admit(Tenant tenant, int apps, int instances, long memoryBytes) {
    Quota quota = tenant.quota();
    if (quota.equals(Quota.NONE) || apps <= 0 && instances <= 0 && memoryBytes <= 0) {
      return;
    }
    Tenants.Usage now = tenants.usage(tenant.id(), true);
    if (apps > 0 && quota.apps() != null && now.apps() + apps > quota.apps()) {
      throw exceeded(tenant, "apps", now.apps() + apps, quota.apps());
    }
    if (instances > 0
        && quota.instances() != null
        && now.instances() + instances > quota.instances()) {
      throw exceeded(tenant, "instances", now.instances() + instances, quota.instances());
    }
    long memory = now.memoryBytes() + memoryBytes;
    if (memoryBytes > 0 && quota.memory() != null && memory > quota.memory().toBytes()) {
      throw new QuotaExceededException(
          "This would give tenant '%s' %s of memory (each app's limit times its instances), %s over its quota of %s"
              .formatted(
                  tenant.name(),
                  Sizes.format(DataSize.ofBytes(memory)),
                  Sizes.format(DataSize.ofBytes(memory - quota.memory().toBytes())),
                  Sizes.format(quota.memory())));
    }
  }

  private static QuotaExceededException exceeded(
      Tenant tenant, String what, int wanted, int bound) {
    return new QuotaExceededException(
        "This would give tenant '%s' %d %s, %d over its quota of %d"
            .formatted(tenant.name(), wanted, what, wanted - bound, bound));
  }

  /** A change beyond the tenant's quota. */
  static class QuotaExceededException extends ApiException {
    QuotaExceededException(String detail) {
      super(ProblemType.QUOTA_EXCEEDED, detail);
    }
  }
}
