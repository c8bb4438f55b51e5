package dev.paddock.sandbox.kubernetes;

import dev.paddock.sandbox.SandboxSpec;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.util.Map;

/**
 * Kubernetes Services of apps, and where the edge reaches them. One Service per app, selecting all
 * of the app's pods: its endpoints hold only ready pods, so a new pod joins when its readiness
 * probe passes and an old one leaves when it starts terminating, and the Service's address never
 * changes across deploys. Idempotent.
 */
public class AppServices {

  static final int PORT = 80;

  private final KubernetesClient client;
  private final String installation;
  private final int appPort;

  AppServices(KubernetesClient client, String installation, int appPort) {
    this.client = client;
    this.installation = installation;
    this.appPort = appPort;
  }

  /** Where the edge sends an app's traffic: its Service, by the cluster's DNS. */
  public static URI serviceUrl(String namespacePrefix, String tenant, String app) {
    return URI.create("http://%s.%s%s.svc:%d/".formatted(app, namespacePrefix, tenant, PORT));
  }

  /**
   * Creates the app's Service, or points an existing one at this app (an app deleted and created
   * again under the same name has a new id).
   */
  void ensure(String namespace, SandboxSpec.Owner owner) {
    Map<String, String> labels =
        Map.of(
            PodLabels.MANAGED_BY, installation,
            PodLabels.TENANT, owner.tenant(),
            PodLabels.APP, owner.app(),
            PodLabels.APP_ID, String.valueOf(owner.appId()));
    Map<String, String> selector = PodLabels.app(installation, owner.appId());
    var resource = client.services().inNamespace(namespace).withName(owner.app());
    Service existing = resource.get();
    if (existing == null) {
      KubernetesCalls.create(client.resource(service(namespace, owner.app(), labels, selector)));
    } else if (!selector.equals(existing.getSpec().getSelector())) {
      resource.edit(
          s ->
              s.toBuilder()
                  .editMetadata()
                  .withLabels(labels)
                  .endMetadata()
                  .editSpec()
                  .withSelector(selector)
                  .endSpec()
                  .build());
    }
  }

  private Service service(
      String namespace, String app, Map<String, String> labels, Map<String, String> selector) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(app)
        .withNamespace(namespace)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withSelector(selector)
        .addNewPort()
        .withName("http")
        .withProtocol("TCP")
        .withPort(PORT)
        .withTargetPort(new IntOrString(appPort))
        .endPort()
        .endSpec()
        .build();
  }

  /** Deletes the app's Service once none of its pods is left but terminating ones. */
  void removeIfUnused(String namespace, long appId) {
    Map<String, String> app = PodLabels.app(installation, appId);
    boolean inUse =
        client.pods().inNamespace(namespace).withLabels(app).list().getItems().stream()
            .anyMatch(AppServices::staying);
    if (!inUse) {
      // One by name: a delete by label is a deletecollection, which the chart's role does not
      // grant.
      client.services().inNamespace(namespace).withLabels(app).list().getItems().stream()
          .map(s -> s.getMetadata().getName())
          .forEach(name -> client.services().inNamespace(namespace).withName(name).delete());
    }
  }

  private static boolean staying(Pod pod) {
    return pod.getMetadata().getDeletionTimestamp() == null;
  }
}
