package dev.paddock.sandbox.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app container's memory working set, as the cluster's metrics API ({@code metrics.k8s.io},
 * served by metrics-server) reports it: what the kubelet compares with the limit. A cluster without
 * the API (checked every few minutes) reads 0.
 */
final class PodMemory {

  private static final Logger log = LoggerFactory.getLogger(PodMemory.class);
  private static final Duration ASK_AGAIN = Duration.ofMinutes(5);

  private final KubernetesClient client;
  private volatile Instant askAgainAt = Instant.MIN;
  private volatile boolean available;

  PodMemory(KubernetesClient client) {
    this.client = client;
  }

  private boolean available() {
    if (Instant.now().isAfter(askAgainAt)) {
      boolean served = client.supports(PodMetrics.class);
      if (!served && askAgainAt == Instant.MIN) {
        log.info("The cluster serves no pod metrics (metrics-server): sandboxes' memory reads 0");
      }
      available = served;
      askAgainAt = Instant.now().plus(ASK_AGAIN);
    }
    return available;
  }

  long memory(Pod pod) {
    if (!available()) {
      return 0;
    }
    PodMetrics metrics;
    try {
      metrics =
          client
              .top()
              .pods()
              .metrics(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return 0; // a new pod, not scraped yet
      }
      throw e;
    }
    return metrics.getContainers().stream()
        .filter(c -> SandboxPods.APP_CONTAINER.equals(c.getName()))
        .map(ContainerMetrics::getUsage)
        .filter(usage -> usage != null && usage.containsKey("memory"))
        .mapToLong(usage -> Quantity.getAmountInBytes(usage.get("memory")).longValue())
        .findFirst()
        .orElse(0);
  }
}
