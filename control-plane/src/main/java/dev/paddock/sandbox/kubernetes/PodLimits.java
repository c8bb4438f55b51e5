package dev.paddock.sandbox.kubernetes;

import dev.paddock.sandbox.Limits;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.unit.DataSize;

/**
 * A running pod's CPUs, changed in place through the pod's {@code resize} subresource (Kubernetes
 * 1.33 and later); on an older cluster, where it is missing, CPUs change only when the pod is
 * replaced. The pids limit is the kubelet's, for every pod alike: the requested one is only
 * recorded in an annotation.
 */
class PodLimits {

  private static final Logger log = LoggerFactory.getLogger(PodLimits.class);

  private final KubernetesClient client;

  /** The limits each pod was last brought to, so that a pass in force asks Kubernetes nothing. */
  private final Map<String, Limits> resized = new ConcurrentHashMap<>();

  PodLimits(KubernetesClient client) {
    this.client = client;
  }

  /** The limits in force when they changed; empty when they were in force already. */
  Optional<Limits> resize(String namespace, String name, Limits limits) {
    String key = namespace + "/" + name;
    if (limits.equals(resized.get(key))) {
      return Optional.empty();
    }
    PodResource pod = client.pods().inNamespace(namespace).withName(name);
    Pod before = pod.get();
    if (before == null) {
      return Optional.empty();
    }
    Limits inForce = inForce(before, limits.pids());
    Pod after = before;
    if (inForce.pids() != limits.pids()) {
      after = recordPids(pod, limits.pids());
    }
    if (millis(inForce.cpus()) != millis(limits.cpus())) {
      after = resizeCpus(pod, key, limits.cpus()).orElse(after);
    }
    resized.put(key, limits);
    return Optional.of(inForce(after, limits.pids())).filter(now -> !now.equals(inForce));
  }

  /** Kubernetes has no per-pod pids limit: the requested one is kept in an annotation. */
  private static Pod recordPids(PodResource pod, int pids) {
    return pod.edit(
        p ->
            p.toBuilder()
                .editMetadata()
                .addToAnnotations(PodLabels.PIDS_LIMIT, String.valueOf(pids))
                .endMetadata()
                .build());
  }

  /** The pod as the API answers the resize; empty where the cluster cannot resize in place. */
  private Optional<Pod> resizeCpus(PodResource pod, String key, double cpus) {
    String cpu = millis(cpus) + "m";
    String patch =
        """
        {"spec": {"containers": [{"name": "%s", "resources":
          {"limits": {"cpu": "%s"}, "requests": {"cpu": "%s"}}}]}}"""
            .formatted(SandboxPods.APP_CONTAINER, cpu, cpu);
    try {
      return Optional.of(
          pod.subresource("resize").patch(PatchContext.of(PatchType.STRATEGIC_MERGE), patch));
    } catch (KubernetesClientException e) {
      if (!KubernetesCalls.notFound(e)) {
        throw e;
      }
      log.warn(
          "Kubernetes has no in-place pod resize (1.33+): {} keeps its CPUs until it is replaced",
          key);
      return Optional.empty();
    }
  }

  /** The pod is gone: nothing to remember of it. */
  void forget(String namespace, String name) {
    resized.remove(namespace + "/" + name);
  }

  private static long millis(double cpus) {
    return Math.round(cpus * 1000);
  }

  /** The app container's limits as the pod's spec states them ({@code pids} if it has none). */
  static Limits inForce(Pod pod, int pids) {
    Container app =
        pod.getSpec().getContainers().stream()
            .filter(c -> SandboxPods.APP_CONTAINER.equals(c.getName()))
            .findFirst()
            .orElseThrow();
    Map<String, Quantity> limits = app.getResources().getLimits();
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    String recorded = annotations == null ? null : annotations.get(PodLabels.PIDS_LIMIT);
    return new Limits(
        DataSize.ofBytes(Quantity.getAmountInBytes(limits.get("memory")).longValue()),
        limits.get("cpu").getNumericalAmount().doubleValue(),
        recorded == null ? pids : Integer.parseInt(recorded));
  }
}
