package dev.paddock.sandbox;

import org.springframework.util.unit.DataSize;

/**
 * What all of one tenant's sandboxes may hold together, for an engine that enforces it itself (a
 * Kubernetes ResourceQuota): their memory and their count, each {@code null} when unbounded.
 */
public record TenantBudget(DataSize memory, Integer instances) {

  public static final TenantBudget NONE = new TenantBudget(null, null);

  /** Where an engine reads a tenant's budget: the tenants' own records. */
  @FunctionalInterface
  public interface Source {
    TenantBudget of(long tenantId);
  }
}
