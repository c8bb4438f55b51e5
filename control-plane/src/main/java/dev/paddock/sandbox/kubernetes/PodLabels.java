package dev.paddock.sandbox.kubernetes;

import dev.paddock.sandbox.SandboxSpec;
import java.util.Map;

/**
 * The labels Paddock puts on what it creates in Kubernetes, the same facts the Docker driver's
 * labels carry: sandboxes are listed, and orphans found, by them.
 */
final class PodLabels {

  static final String MANAGED_BY = "paddock.dev/managed-by";
  static final String TENANT = "paddock.dev/tenant";
  static final String TENANT_ID = "paddock.dev/tenant-id";
  static final String TENANT_NAMESPACE = "paddock.dev/tenant-namespace";
  static final String APP = "paddock.dev/app";
  static final String APP_ID = "paddock.dev/app-id";
  static final String DEPLOY = "paddock.dev/deploy";
  static final String RELEASE = "paddock.dev/release";
  static final String SLOT = "paddock.dev/slot";
  static final String SPEC_HASH = "paddock.dev/spec-hash";

  /** Kubernetes has no per-pod pids limit: the requested one is kept here, for the record. */
  static final String PIDS_LIMIT = "paddock.dev/pids-limit";

  private PodLabels() {}

  static Map<String, String> of(String installation, SandboxSpec spec) {
    SandboxSpec.Owner owner = spec.owner();
    return Map.of(
        MANAGED_BY, installation,
        TENANT, owner.tenant(),
        TENANT_ID, String.valueOf(owner.tenantId()),
        APP, owner.app(),
        APP_ID, String.valueOf(owner.appId()),
        DEPLOY, String.valueOf(spec.deploy()),
        RELEASE, String.valueOf(spec.release()),
        SLOT, String.valueOf(spec.slot()),
        SPEC_HASH, spec.hash());
  }

  /** What selects every pod of one app: its Service's selector. */
  static Map<String, String> app(String installation, long appId) {
    return Map.of(MANAGED_BY, installation, APP_ID, String.valueOf(appId));
  }
}
