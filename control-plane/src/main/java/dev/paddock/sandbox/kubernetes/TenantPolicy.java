package dev.paddock.sandbox.kubernetes;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.Arrays;
import java.util.Map;

/**
 * The network policy of a tenant's namespace: sandboxes accept connections only from the control
 * plane's pods (where the httpd edge runs), on the app and admin ports; they may reach the
 * cluster's DNS, the control plane's artifact port (their init container fetches the release jar),
 * and the internet outside the cluster's ranges, so never another tenant's pods, the Kubernetes API
 * or the control plane's database.
 */
final class TenantPolicy {

  static final String NAME = "paddock-tenant";

  private TenantPolicy() {}

  static NetworkPolicy of(
      String namespace, Map<String, String> labels, KubernetesProperties k8s, int... appPorts) {
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName(NAME)
        .withNamespace(namespace)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withPodSelector(new LabelSelector())
        .withPolicyTypes("Ingress", "Egress")
        .withIngress(
            new NetworkPolicyIngressRuleBuilder()
                .withFrom(controlPlane(k8s))
                .withPorts(Arrays.stream(appPorts).mapToObj(TenantPolicy::tcp).toList())
                .build())
        .withEgress(
            new NetworkPolicyEgressRuleBuilder()
                .withTo(
                    new NetworkPolicyPeerBuilder()
                        .withNamespaceSelector(new LabelSelector())
                        .withPodSelector(selector(Map.of("k8s-app", "kube-dns")))
                        .build())
                .withPorts(port("UDP", 53), tcp(53))
                .build(),
            new NetworkPolicyEgressRuleBuilder()
                .withTo(controlPlane(k8s))
                .withPorts(tcp(k8s.artifactPort()))
                .build(),
            new NetworkPolicyEgressRuleBuilder()
                .withTo(
                    new NetworkPolicyPeerBuilder()
                        .withIpBlock(new IPBlock("0.0.0.0/0", k8s.clusterCidrs()))
                        .build())
                .build())
        .endSpec()
        .build();
  }

  private static NetworkPolicyPeer controlPlane(KubernetesProperties k8s) {
    return new NetworkPolicyPeerBuilder()
        .withNamespaceSelector(
            selector(Map.of("kubernetes.io/metadata.name", k8s.controlPlaneNamespace())))
        .withPodSelector(selector(k8s.controlPlaneLabels()))
        .build();
  }

  private static LabelSelector selector(Map<String, String> labels) {
    return new LabelSelectorBuilder().withMatchLabels(labels).build();
  }

  private static NetworkPolicyPort tcp(int port) {
    return port("TCP", port);
  }

  private static NetworkPolicyPort port(String protocol, int port) {
    return new NetworkPolicyPortBuilder()
        .withProtocol(protocol)
        .withPort(new IntOrString(port))
        .build();
  }
}
