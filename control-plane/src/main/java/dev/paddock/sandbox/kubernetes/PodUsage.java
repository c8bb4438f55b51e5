package dev.paddock.sandbox.kubernetes;

import dev.paddock.sandbox.Usage;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;

/**
 * A pod's usage: the app container's memory working set from the cluster's metrics API (0 where the
 * cluster has no metrics server), the limits in its spec and the runner's own JVM figures. CPU time
 * and processes read as 0: the metrics API gives a CPU rate, not the time used, and no processes.
 */
final class PodUsage {

  private PodUsage() {}

  static Usage of(Pod pod, long memoryBytes, Usage.Jvm jvm) {
    Map<String, Quantity> limits =
        pod.getSpec().getContainers().stream()
            .filter(c -> SandboxPods.APP_CONTAINER.equals(c.getName()))
            .findFirst()
            .map(c -> c.getResources().getLimits())
            .orElse(Map.of());
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    String pids = annotations == null ? null : annotations.get(PodLabels.PIDS_LIMIT);
    return new Usage(
        memoryBytes,
        limits.containsKey("memory")
            ? Quantity.getAmountInBytes(limits.get("memory")).longValue()
            : 0,
        limits.containsKey("cpu") ? limits.get("cpu").getNumericalAmount().doubleValue() : 0,
        pids == null ? 0 : Long.parseLong(pids),
        0,
        0,
        jvm);
  }
}
