package dev.paddock.sandbox.kubernetes;

import dev.paddock.sandbox.EgressFloor;
import dev.paddock.sandbox.EgressPolicy;
import dev.paddock.sandbox.Limits;
import dev.paddock.sandbox.Sandbox;
import dev.paddock.sandbox.SandboxProperties;
import dev.paddock.sandbox.SandboxSpec;
import dev.paddock.sandbox.TenantBudget;
import dev.paddock.sandbox.TenantEgress;
import dev.paddock.sandbox.TestSandboxes;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.springframework.util.unit.DataSize;

/**
 * A Kubernetes driver on fabric8's mock API server (which keeps what it is sent, and nothing more:
 * no scheduler, no kubelet), with what a test needs to play the kubelet's part.
 */
final class MockCluster {

  static final String INSTALLATION = "paddock-test";
  static final String NAMESPACE = "paddock-acme";
  static final String SHA = "ab".repeat(32);
  static final Limits LIMITS = new Limits(DataSize.ofMegabytes(256), 0.5, 128);
  static final SandboxProperties SANDBOX =
      TestSandboxes.properties(SandboxProperties.Driver.KUBERNETES);
  static final KubernetesProperties K8S =
      new KubernetesProperties(
          "paddock-",
          "paddock",
          null,
          8081,
          "paddock.paddock.svc",
          null,
          List.of(
              "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16"));

  final KubernetesClient client;
  final Map<Long, TenantBudget> quotas = new HashMap<>();
  final Map<Long, TenantEgress> egress = new HashMap<>();
  final ArtifactLinks links = new ArtifactLinks("test key".getBytes(StandardCharsets.UTF_8));
  final KubernetesSandboxDriver driver;
  final TenantNamespaces namespaces;

  MockCluster(KubernetesClient client) {
    this(client, EgressPolicy.standard());
  }

  MockCluster(KubernetesClient client, EgressPolicy egress) {
    this.client = client;
    this.namespaces =
        new TenantNamespaces(
            client,
            INSTALLATION,
            K8S,
            SANDBOX,
            egress,
            id -> quotas.getOrDefault(id, TenantBudget.NONE),
            id -> Optional.ofNullable(this.egress.get(id)),
            EgressFloor.of(egress, "jdbc:postgresql://198.51.100.5:5432/paddock", ""));
    this.driver =
        new KubernetesSandboxDriver(client, INSTALLATION, SANDBOX, K8S, links, namespaces);
  }

  /** A sandbox of tenant {@code acme} (id 7, uid 10007). */
  static SandboxSpec spec(long appId, String app, int slot, long deploy) {
    return new SandboxSpec(
        new SandboxSpec.Owner(7, "acme", appId, app),
        deploy,
        30 + deploy,
        3,
        SHA,
        Path.of("/releases/" + SHA + ".jar"),
        false,
        10_007,
        LIMITS,
        Map.of("GREETING", "hello"),
        "/ready",
        Path.of("/run/acme/hello"),
        slot,
        0,
        Duration.ofSeconds(30),
        null);
  }

  Pod startAndGet(SandboxSpec spec) {
    return pod(driver.start(spec));
  }

  Pod pod(Sandbox sandbox) {
    PodName name = PodName.of(sandbox);
    return client.pods().inNamespace(name.namespace()).withName(name.name()).get();
  }

  /** The API path of the sandbox's pod. */
  static String path(Sandbox sandbox) {
    PodName name = PodName.of(sandbox);
    return "/api/v1/namespaces/%s/pods/%s".formatted(name.namespace(), name.name());
  }

  /** Sets the pod's status, as the kubelet would. */
  void status(Sandbox sandbox, UnaryOperator<PodStatusBuilder> change) {
    PodName name = PodName.of(sandbox);
    client
        .pods()
        .inNamespace(name.namespace())
        .withName(name.name())
        .editStatus(
            p -> {
              PodStatus status = p.getStatus() == null ? new PodStatus() : p.getStatus();
              return new PodBuilder(p)
                  .withStatus(change.apply(new PodStatusBuilder(status)).build())
                  .build();
            });
  }
}
