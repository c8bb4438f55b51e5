package dev.paddock.sandbox.kubernetes;

import static dev.paddock.sandbox.kubernetes.MockCluster.INSTALLATION;
import static dev.paddock.sandbox.kubernetes.MockCluster.NAMESPACE;
import static dev.paddock.sandbox.kubernetes.MockCluster.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paddock.sandbox.EgressPolicy;
import dev.paddock.sandbox.EgressRule;
import dev.paddock.sandbox.SandboxException;
import dev.paddock.sandbox.TenantBudget;
import dev.paddock.sandbox.TenantEgress;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** A tenant's namespace, its network policy and its resource quota. */
@EnableKubernetesMockClient(crud = true)
class KubernetesTenantNamespacesTest {

  KubernetesClient client;
  KubernetesMockServer server;
  MockCluster cluster;
  KubernetesSandboxDriver driver;

  @BeforeEach
  void cluster() {
    cluster = new MockCluster(client);
    driver = cluster.driver;
  }

  @Test
  void startPutsTheTenantInANamespaceOfItsOwn() {
    driver.start(spec(1, "hello", 0, 1));

    Namespace namespace = client.namespaces().withName(NAMESPACE).get();
    assertThat(namespace.getMetadata().getLabels())
        .containsEntry("paddock.dev/managed-by", INSTALLATION)
        .containsEntry("paddock.dev/tenant", "acme")
        .containsEntry("paddock.dev/tenant-namespace", "true");
  }

  @Test
  void aNamespaceOfAnotherInstallationIsNotTakenOver() {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(NAMESPACE)
                .addToLabels("paddock.dev/managed-by", "someone-else")
                .endMetadata()
                .build())
        .create();

    assertThatThrownBy(() -> driver.start(spec(1, "hello", 0, 1)))
        .isInstanceOf(SandboxException.class)
        .hasMessageContaining("not this installation's");
    assertThat(client.pods().inNamespace(NAMESPACE).list().getItems()).isEmpty();
  }

  @Test
  void theNetworkPolicyAdmitsOnlyTheControlPlaneAndLetsOutOnlyDnsItsArtifactsAndTheInternet() {
    driver.start(spec(1, "hello", 0, 1));

    NetworkPolicy policy =
        client
            .network()
            .v1()
            .networkPolicies()
            .inNamespace(NAMESPACE)
            .withName("paddock-tenant")
            .get();
    var spec = policy.getSpec();
    assertThat(spec.getPodSelector().getMatchLabels()).isNullOrEmpty();
    assertThat(spec.getPolicyTypes()).containsExactly("Ingress", "Egress");

    assertThat(spec.getIngress()).hasSize(1);
    var ingress = spec.getIngress().getFirst();
    assertThat(ingress.getFrom()).hasSize(1);
    assertControlPlane(ingress.getFrom().getFirst());
    assertThat(ingress.getPorts())
        .extracting(p -> p.getProtocol() + "/" + p.getPort().getIntVal())
        .containsExactlyInAnyOrder("TCP/8080", "TCP/9000");

    assertThat(spec.getEgress()).hasSize(3);
    var dns = spec.getEgress().get(0);
    assertThat(dns.getTo().getFirst().getNamespaceSelector().getMatchLabels()).isNullOrEmpty();
    assertThat(dns.getTo().getFirst().getPodSelector().getMatchLabels())
        .isEqualTo(Map.of("k8s-app", "kube-dns"));
    assertThat(dns.getPorts())
        .extracting(p -> p.getProtocol() + "/" + p.getPort().getIntVal())
        .containsExactlyInAnyOrder("UDP/53", "TCP/53");
    var artifacts = spec.getEgress().get(1);
    assertControlPlane(artifacts.getTo().getFirst());
    assertThat(artifacts.getPorts())
        .extracting(p -> p.getProtocol() + "/" + p.getPort().getIntVal())
        .containsExactly("TCP/8081");
    var internet = spec.getEgress().get(2);
    assertThat(internet.getPorts()).isNullOrEmpty();
    assertThat(blocks(internet.getTo()))
        .containsExactly(
            "0.0.0.0/0 except [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10,"
                + " 169.254.0.0/16]",
            "::/0 except [fe80::/10, fc00::/7]");
    assertThat(internet.getTo())
        .allSatisfy(
            peer -> {
              assertThat(peer.getPodSelector()).isNull();
              assertThat(peer.getNamespaceSelector()).isNull();
            });
  }

  @Test
  void theEgressSettingsOpenAndCloseRangesInTheNetworkPolicy() {
    var egress =
        new EgressPolicy(
            true,
            List.of("10.20.0.0/16", "169.254.169.254", "192.0.2.0/24"),
            List.of("203.0.113.0/24", "10.20.5.0/24", "2001:db8::/32", "192.0.0.0/16"));
    new MockCluster(client, egress).driver.start(spec(1, "hello", 0, 1));

    var outside = policy().getSpec().getEgress().get(2).getTo();
    assertThat(blocks(outside))
        .containsExactly(
            "0.0.0.0/0 except [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10,"
                + " 169.254.0.0/16, 203.0.113.0/24, 10.20.5.0/24, 192.0.0.0/16]",
            "::/0 except [fe80::/10, fc00::/7, 2001:db8::/32]",
            "10.20.0.0/16 except [10.20.5.0/24]",
            "169.254.169.254/32 except []");
  }

  @Test
  void withoutTheInternetASandboxReachesOnlyDnsItsArtifactsAndWhatIsAllowed() {
    new MockCluster(client, new EgressPolicy(false, List.of(), List.of()))
        .driver.start(spec(1, "hello", 0, 1));
    assertThat(policy().getSpec().getEgress()).hasSize(2);

    new MockCluster(client, new EgressPolicy(false, List.of("198.51.100.7"), List.of()))
        .driver.start(spec(1, "hello", 1, 1));
    assertThat(blocks(policy().getSpec().getEgress().get(2).getTo()))
        .containsExactly("198.51.100.7/32 except []");
  }

  @Test
  void aTenantsOwnPolicyIsAppliedToItsNamespaceAtOnceAndNeverOpensTheFloor() {
    cluster.namespaces.apply(7, "acme");
    assertThat(policy()).as("no namespace yet: nothing to apply").isNull();
    driver.start(spec(1, "hello", 0, 1));

    cluster.egress.put(
        7L,
        new TenantEgress(
            false,
            List.of(
                EgressRule.parse("198.51.100.0/24"),
                EgressRule.parse("10.20.0.0/16:5432"),
                EgressRule.parse("192.0.2.7:8000-8100"),
                EgressRule.parse("169.254.0.0/15")),
            List.of(EgressRule.parse("198.51.100.128/25"))));
    cluster.namespaces.apply(7, "acme");

    var rules = policy().getSpec().getEgress();
    assertThat(rules).hasSize(4);
    assertThat(blocks(rules.get(2).getTo()))
        .containsExactly(
            "198.51.100.0/24 except [198.51.100.5/32, 198.51.100.128/25]",
            "169.254.0.0/15 except [169.254.0.0/16]");
    assertThat(rules.get(2).getPorts()).isNullOrEmpty();
    assertThat(blocks(rules.get(3).getTo())).containsExactly("192.0.2.7/32 except []");
    assertThat(rules.get(3).getPorts())
        .extracting(p -> p.getProtocol() + "/" + p.getPort().getIntVal() + "-" + p.getEndPort())
        .containsExactly("TCP/8000-8100", "UDP/8000-8100");
    assertThat(rules)
        .as("10.20.0.0/16 lies in the cluster's ranges: never opened")
        .noneMatch(r -> r.getTo().toString().contains("10.20.0.0/16"));

    cluster.egress.remove(7L);
    cluster.namespaces.apply(7, "acme");
    assertThat(blocks(policy().getSpec().getEgress().get(2).getTo()))
        .first()
        .asString()
        .startsWith("0.0.0.0/0 except");
  }

  private NetworkPolicy policy() {
    return client
        .network()
        .v1()
        .networkPolicies()
        .inNamespace(NAMESPACE)
        .withName("paddock-tenant")
        .get();
  }

  private static List<String> blocks(List<NetworkPolicyPeer> peers) {
    return peers.stream()
        .map(p -> p.getIpBlock().getCidr() + " except " + p.getIpBlock().getExcept())
        .toList();
  }

  private static void assertControlPlane(NetworkPolicyPeer peer) {
    assertThat(peer.getNamespaceSelector().getMatchLabels())
        .isEqualTo(Map.of("kubernetes.io/metadata.name", "paddock"));
    assertThat(peer.getPodSelector().getMatchLabels())
        .isEqualTo(Map.of("app.kubernetes.io/name", "paddock"));
    assertThat(peer.getIpBlock()).isNull();
  }

  @Test
  void theResourceQuotaIsTwiceTheTenantsQuotaAndFollowsIt() {
    cluster.quotas.put(7L, new TenantBudget(DataSize.ofGigabytes(1), 4));
    driver.start(spec(1, "hello", 0, 1));

    assertThat(hard()).containsEntry("limits.memory", 2L << 30).containsEntry("pods", 8L);

    cluster.quotas.put(7L, new TenantBudget(null, 3));
    driver.start(spec(1, "hello", 1, 1));
    assertThat(hard()).isEqualTo(Map.of("pods", 6L));

    cluster.quotas.remove(7L);
    driver.start(spec(1, "hello", 2, 1));
    assertThat(client.resourceQuotas().inNamespace(NAMESPACE).withName("paddock-quota").get())
        .isNull();
  }

  @Test
  void aSecondStartChangesNothingOfTheTenantsNamespace() {
    cluster.quotas.put(7L, new TenantBudget(DataSize.ofGigabytes(1), 4));
    driver.start(spec(1, "hello", 0, 1));
    List<String> before = versions();

    driver.start(spec(1, "hello", 1, 1));

    assertThat(versions()).isEqualTo(before);
  }

  private List<String> versions() {
    return List.of(
        client.namespaces().withName(NAMESPACE).get().getMetadata().getResourceVersion(),
        client
            .network()
            .v1()
            .networkPolicies()
            .inNamespace(NAMESPACE)
            .withName("paddock-tenant")
            .get()
            .getMetadata()
            .getResourceVersion(),
        client
            .resourceQuotas()
            .inNamespace(NAMESPACE)
            .withName("paddock-quota")
            .get()
            .getMetadata()
            .getResourceVersion(),
        client
            .services()
            .inNamespace(NAMESPACE)
            .withName("hello")
            .get()
            .getMetadata()
            .getResourceVersion());
  }

  private Map<String, Long> hard() {
    ResourceQuota quota =
        client.resourceQuotas().inNamespace(NAMESPACE).withName("paddock-quota").get();
    Map<String, Long> hard = new HashMap<>();
    quota
        .getSpec()
        .getHard()
        .forEach((key, value) -> hard.put(key, Quantity.getAmountInBytes(value).longValue()));
    return hard;
  }
}
