package dev.paddock.sandbox.kubernetes;

import dev.paddock.sandbox.Sandbox;
import io.fabric8.kubernetes.api.model.Pod;

/** Where a sandbox's pod is: its namespace and name, written {@code <namespace>/<name>}. */
record PodName(String namespace, String name) {

  static PodName of(Sandbox sandbox) {
    int slash = sandbox.id().indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("Not a pod's id: " + sandbox.id());
    }
    return new PodName(sandbox.id().substring(0, slash), sandbox.id().substring(slash + 1));
  }

  static PodName of(Pod pod) {
    return new PodName(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
