package dev.paddock.sandbox.kubernetes;

import dev.paddock.sandbox.EgressFloor;
import dev.paddock.sandbox.EgressPolicy;
import dev.paddock.sandbox.SandboxException;
import dev.paddock.sandbox.SandboxProperties;
import dev.paddock.sandbox.SandboxSpec;
import dev.paddock.sandbox.TenantBudget;
import dev.paddock.sandbox.TenantEgress;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One namespace per tenant, holding its sandboxes, the {@link TenantPolicy network policy} that
 * isolates them, and a resource quota as the engine's backstop behind the control plane's own quota
 * checks. All three are brought up to date each time a sandbox of the tenant starts, so a changed
 * quota reaches Kubernetes with the tenant's next start. Namespaces stay when a tenant's last app
 * goes: they hold nothing else. Idempotent.
 */
class TenantNamespaces implements TenantEgress.Enforcer {

  static final String QUOTA = "paddock-quota";

  private final KubernetesClient client;
  private final String installation;
  private final KubernetesProperties k8s;
  private final SandboxProperties sandbox;
  private final EgressPolicy egress;
  private final TenantBudget.Source quotas;
  private final TenantEgress.Source tenants;
  private final EgressFloor floor;

  TenantNamespaces(
      KubernetesClient client,
      String installation,
      KubernetesProperties k8s,
      SandboxProperties sandbox,
      EgressPolicy egress,
      TenantBudget.Source quotas) {
    this(
        client,
        installation,
        k8s,
        sandbox,
        egress,
        quotas,
        tenantId -> Optional.empty(),
        EgressFloor.of(egress, "", ""));
  }

  TenantNamespaces(
      KubernetesClient client,
      String installation,
      KubernetesProperties k8s,
      SandboxProperties sandbox,
      EgressPolicy egress,
      TenantBudget.Source quotas,
      TenantEgress.Source tenants,
      EgressFloor floor) {
    this.tenants = tenants;
    this.floor = floor;
    this.client = client;
    this.installation = installation;
    this.k8s = k8s;
    this.sandbox = sandbox;
    this.egress = egress;
    this.quotas = quotas;
  }

  /** Brings the tenant's namespace, policy and quota to what they should be; returns its name. */
  String ensure(SandboxSpec.Owner owner) {
    String namespace = k8s.namespace(owner.tenant());
    Map<String, String> labels = labels(owner.tenant());
    namespace(namespace, labels);
    policy(policyOf(owner.tenantId(), namespace, labels));
    quota(namespace, labels, quotas.of(owner.tenantId()));
    return namespace;
  }

  /**
   * Rewrites the tenant's network policy if its namespace exists; pods already running get it at
   * once from the cluster's network plugin. Idempotent.
   */
  @Override
  public void apply(long tenantId, String tenant) {
    String namespace = k8s.namespace(tenant);
    if (client.namespaces().withName(namespace).get() != null) {
      policy(policyOf(tenantId, namespace, labels(tenant)));
    }
  }

  private NetworkPolicy policyOf(long tenantId, String namespace, Map<String, String> labels) {
    return TenantPolicy.of(
        namespace,
        labels,
        k8s,
        egress,
        tenants.of(tenantId).orElse(null),
        floor,
        sandbox.appPort(),
        sandbox.adminPort());
  }

  private Map<String, String> labels(String tenant) {
    return Map.of(
        PodLabels.MANAGED_BY, installation,
        PodLabels.TENANT, tenant,
        PodLabels.TENANT_NAMESPACE, "true");
  }

  private void namespace(String name, Map<String, String> labels) {
    Namespace existing = client.namespaces().withName(name).get();
    if (existing == null) {
      KubernetesCalls.create(
          client
              .namespaces()
              .resource(
                  new NamespaceBuilder()
                      .withNewMetadata()
                      .withName(name)
                      .withLabels(labels)
                      .endMetadata()
                      .build()));
      return;
    }
    Map<String, String> present = ours(name, existing);
    if (!present.entrySet().containsAll(labels.entrySet())) {
      client
          .namespaces()
          .withName(name)
          .edit(
              n ->
                  new NamespaceBuilder(n).editMetadata().addToLabels(labels).endMetadata().build());
    }
  }

  /** The labels of an existing namespace, once it is proven this installation's. */
  private Map<String, String> ours(String name, Namespace existing) {
    Map<String, String> present =
        existing.getMetadata().getLabels() == null ? Map.of() : existing.getMetadata().getLabels();
    String owner = present.get(PodLabels.MANAGED_BY);
    if (!installation.equals(owner)) {
      throw new SandboxException(
          "The namespace %s exists but is not this installation's (%s is %s): choose another paddock.kubernetes.namespace-prefix"
              .formatted(name, PodLabels.MANAGED_BY, owner),
          null);
    }
    return present;
  }

  private void policy(NetworkPolicy wanted) {
    var resource =
        client
            .network()
            .v1()
            .networkPolicies()
            .inNamespace(wanted.getMetadata().getNamespace())
            .withName(TenantPolicy.NAME);
    NetworkPolicy existing = resource.get();
    if (existing == null) {
      KubernetesCalls.create(client.resource(wanted));
    } else if (!wanted.getSpec().equals(existing.getSpec())) {
      resource.edit(p -> p.toBuilder().withSpec(wanted.getSpec()).build());
    }
  }

  private void quota(String namespace, Map<String, String> labels, TenantBudget quota) {
    var resource = client.resourceQuotas().inNamespace(namespace).withName(QUOTA);
    Map<String, Quantity> hard = hard(quota);
    ResourceQuota existing = resource.get();
    if (hard.isEmpty()) {
      if (existing != null) {
        resource.delete();
      }
      return;
    }
    if (existing == null) {
      KubernetesCalls.create(
          client.resource(
              new ResourceQuotaBuilder()
                  .withNewMetadata()
                  .withName(QUOTA)
                  .withNamespace(namespace)
                  .withLabels(labels)
                  .endMetadata()
                  .withNewSpec()
                  .withHard(hard)
                  .endSpec()
                  .build()));
    } else if (!amounts(hard).equals(amounts(existing.getSpec().getHard()))) {
      resource.edit(q -> q.toBuilder().editSpec().withHard(hard).endSpec().build());
    }
  }

  /**
   * Twice the tenant's quota: a rolling replacement runs a new pod beside the old one for a while,
   * and the control plane enforces the exact quota before anything reaches Kubernetes.
   */
  static Map<String, Quantity> hard(TenantBudget quota) {
    Map<String, Quantity> hard = new HashMap<>();
    if (quota.memory() != null) {
      hard.put("limits.memory", new Quantity(String.valueOf(2 * quota.memory().toBytes())));
    }
    if (quota.instances() != null) {
      hard.put("pods", new Quantity(String.valueOf(2 * quota.instances())));
    }
    return hard;
  }

  private static Map<String, BigDecimal> amounts(Map<String, Quantity> quantities) {
    Map<String, BigDecimal> amounts = new HashMap<>();
    quantities.forEach((key, value) -> amounts.put(key, value.getNumericalAmount()));
    return amounts;
  }
}
