package dev.paddock.sandbox.kubernetes;

import dev.paddock.sandbox.EgressFloor;
import dev.paddock.sandbox.EgressPolicy;
import dev.paddock.sandbox.EgressRule;
import dev.paddock.sandbox.TenantEgress;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The network policy of a tenant's namespace: sandboxes accept connections only from the control
 * plane's pods (where the httpd edge runs), on the app and admin ports; they may reach the
 * cluster's DNS, the control plane's artifact port (their init container fetches the release jar),
 * and what the egress policy opens ({@link EgressBlocks}): by default the internet outside the
 * cluster's, private and link-local ranges, so never another tenant's pods, the Kubernetes API, the
 * control plane's database or the node's metadata service.
 */
final class TenantPolicy {

  static final String NAME = "paddock-tenant";

  private TenantPolicy() {}

  static NetworkPolicy of(
      String namespace,
      Map<String, String> labels,
      KubernetesProperties k8s,
      EgressPolicy egress,
      int... appPorts) {
    return of(namespace, labels, k8s, egress, null, new EgressFloor(List.of()), appPorts);
  }

  /**
   * The policy for a tenant with its own egress policy ({@code own}, or {@code null} for the
   * platform's alone): its allow rules never open the {@code floor} nor the cluster's ranges.
   */
  static NetworkPolicy of(
      String namespace,
      Map<String, String> labels,
      KubernetesProperties k8s,
      EgressPolicy egress,
      TenantEgress own,
      EgressFloor floor,
      int... appPorts) {
    List<NetworkPolicyEgressRule> out = egress(k8s, egress, own, floor);
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
        .withEgress(out)
        .endSpec()
        .build();
  }

  /** DNS, the control plane's artifact port, and the outside the policies leave open. */
  private static List<NetworkPolicyEgressRule> egress(
      KubernetesProperties k8s, EgressPolicy egress, TenantEgress own, EgressFloor floor) {
    List<NetworkPolicyEgressRule> out = new ArrayList<>(always(k8s));
    List<NetworkPolicyPeer> outside =
        new ArrayList<>(
            EgressBlocks.of(egress, own, k8s.clusterCidrs()).stream()
                .map(block -> new NetworkPolicyPeerBuilder().withIpBlock(block).build())
                .toList());
    List<NetworkPolicyEgressRule> ported =
        own == null ? List.of() : own(k8s, egress, own, floor, outside);
    // A rule without peers would let everything out: with nothing open there is no rule at all.
    if (!outside.isEmpty()) {
      out.add(new NetworkPolicyEgressRuleBuilder().withTo(outside).build());
    }
    out.addAll(ported);
    return out;
  }

  /** What every sandbox reaches: the cluster's DNS, and the control plane's artifact port. */
  private static List<NetworkPolicyEgressRule> always(KubernetesProperties k8s) {
    return List.of(
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
            .build());
  }

  /**
   * A tenant's own ranges: any-port ones added to {@code outside}, the rest as rules of their own.
   */
  private static List<NetworkPolicyEgressRule> own(
      KubernetesProperties k8s,
      EgressPolicy egress,
      TenantEgress own,
      EgressFloor floor,
      List<NetworkPolicyPeer> outside) {
    List<NetworkPolicyEgressRule> ported = new ArrayList<>();
    for (var block : EgressBlocks.own(egress, own, floor, k8s.clusterCidrs())) {
      var peer = new NetworkPolicyPeerBuilder().withIpBlock(block.getKey()).build();
      EgressRule rule = block.getValue();
      if (rule.anyPort()) {
        outside.add(peer);
      } else {
        ported.add(
            new NetworkPolicyEgressRuleBuilder()
                .withTo(peer)
                .withPorts(ports("TCP", rule), ports("UDP", rule))
                .build());
      }
    }
    return ported;
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

  private static NetworkPolicyPort ports(String protocol, EgressRule rule) {
    var port =
        new NetworkPolicyPortBuilder()
            .withProtocol(protocol)
            .withPort(new IntOrString(rule.fromPort()));
    if (rule.toPort() != rule.fromPort()) {
      port.withEndPort(rule.toPort());
    }
    return port.build();
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
