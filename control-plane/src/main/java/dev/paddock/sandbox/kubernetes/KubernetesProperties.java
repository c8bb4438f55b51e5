package dev.paddock.sandbox.kubernetes;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Kubernetes driver ({@code paddock.kubernetes.*}), used when {@code
 * paddock.sandbox.driver=kubernetes}.
 *
 * @param namespacePrefix each tenant's namespace is this prefix followed by the tenant's name
 * @param controlPlaneNamespace where the control plane and its httpd edge run
 * @param controlPlaneLabels the labels of the control plane's pods: the only ones a sandbox accepts
 *     connections from, and the only ones in the cluster it may connect to (for its release jar);
 *     keys with dots or slashes go in brackets, {@code
 *     control-plane-labels[app.kubernetes.io/name]}
 * @param artifactPort the port the control plane serves release jars to sandboxes on
 * @param artifactHost the control plane's Service name as sandboxes resolve it
 * @param artifactKey the key that signs release links; generated into {@code <data
 *     dir>/artifact-key} when unset, so replicas that share no data dir need it set (from a Secret)
 * @param clusterCidrs the cluster's pod and service ranges (and any private network): closed to
 *     sandboxes like the link-local and private ranges of {@code paddock.sandbox.egress.*}, unless
 *     a range on its {@code allow} list opens part of one
 */
@ConfigurationProperties("paddock.kubernetes")
public record KubernetesProperties(
    @DefaultValue("paddock-") String namespacePrefix,
    @DefaultValue("paddock") String controlPlaneNamespace,
    Map<String, String> controlPlaneLabels,
    @DefaultValue("8081") int artifactPort,
    @DefaultValue("paddock.paddock.svc") String artifactHost,
    String artifactKey,
    @DefaultValue({
          "10.0.0.0/8",
          "172.16.0.0/12",
          "192.168.0.0/16",
          "100.64.0.0/10",
          "169.254.0.0/16"
        })
        List<String> clusterCidrs) {

  static final Map<String, String> DEFAULT_CONTROL_PLANE_LABELS =
      Map.of("app.kubernetes.io/name", "paddock");

  public KubernetesProperties {
    controlPlaneLabels =
        controlPlaneLabels == null || controlPlaneLabels.isEmpty()
            ? DEFAULT_CONTROL_PLANE_LABELS
            : Map.copyOf(controlPlaneLabels);
    clusterCidrs = List.copyOf(clusterCidrs);
  }

  /** The namespace of a tenant's sandboxes. */
  String namespace(String tenant) {
    return namespacePrefix + tenant;
  }
}
