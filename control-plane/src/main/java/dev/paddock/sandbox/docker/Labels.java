package dev.paddock.sandbox.docker;

import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import dev.paddock.sandbox.Sandbox;
import dev.paddock.sandbox.SandboxSpec;
import java.net.URI;
import java.time.Instant;
import java.util.Map;

/**
 * The labels Paddock puts on everything it creates in Docker, and the sandbox a container's labels
 * say it is; orphans are found by them.
 */
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

  /** The sandbox a listed container is, its runner's admin endpoint on {@code adminPort}. */
  static Sandbox sandbox(Container c, int adminPort) {
    Map<String, String> labels = c.getLabels();
    Sandbox.State state =
        switch (c.getState()) {
          case "running", "restarting" -> Sandbox.State.RUNNING;
          case "paused" -> Sandbox.State.PAUSED;
          case "created" -> Sandbox.State.CREATED;
          default -> Sandbox.State.EXITED;
        };
    return new Sandbox(
        c.getId(),
        c.getNames()[0].substring(1),
        Long.parseLong(labels.get(APP_ID)),
        Long.parseLong(labels.get(DEPLOY)),
        Long.parseLong(labels.get(RELEASE)),
        labels.get(SPEC_HASH),
        Integer.parseInt(labels.get(SLOT)),
        state,
        adminUri(c, adminPort),
        Instant.ofEpochSecond(c.getCreated()));
  }

  private static URI adminUri(Container c, int adminPort) {
    if (c.getNetworkSettings() == null) {
      return null;
    }
    return c.getNetworkSettings().getNetworks().values().stream()
        .map(ContainerNetwork::getIpAddress)
        .filter(ip -> ip != null && !ip.isEmpty())
        .findFirst()
        .map(ip -> URI.create("http://%s:%d/".formatted(ip, adminPort)))
        .orElse(null);
  }
}
