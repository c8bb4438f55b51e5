package dev.paddock.sandbox.docker;

import dev.paddock.sandbox.SandboxSpec;
import java.util.Map;

/** The labels Paddock puts on everything it creates in Docker; orphans are found by them. */
final class Labels {

  static final String MANAGED_BY = "paddock.managed-by";
  static final String TENANT = "paddock.tenant";
  static final String TENANT_ID = "paddock.tenant-id";
  static final String APP = "paddock.app";
  static final String APP_ID = "paddock.app-id";
  static final String DEPLOY = "paddock.deploy";
  static final String RELEASE = "paddock.release";
  static final String SLOT = "paddock.slot";
  static final String SPEC_HASH = "paddock.spec-hash";

  private Labels() {}

  static Map<String, String> of(String installation, SandboxSpec spec) {
    SandboxSpec.Owner owner = spec.owner();
    return Map.of(
        MANAGED_BY, installation,
        DEPLOY, String.valueOf(spec.deploy()),
        TENANT, owner.tenant(),
        TENANT_ID, String.valueOf(owner.tenantId()),
        APP, owner.app(),
        APP_ID, String.valueOf(owner.appId()),
        RELEASE, String.valueOf(spec.release()),
        SLOT, String.valueOf(spec.slot()),
        SPEC_HASH, spec.hash());
  }
}
