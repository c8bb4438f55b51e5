package dev.paddock.sandbox.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Map;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches this installation's pods (an informer: it lists, then watches, and relists and watches
 * again by itself when the stream breaks) for sandboxes that stop: a container that terminates, a
 * pod that fails, or one that is deleted.
 */
class PodWatch {

  private static final Logger log = LoggerFactory.getLogger(PodWatch.class);

  private final KubernetesClient client;
  private final String installation;

  PodWatch(KubernetesClient client, String installation) {
    this.client = client;
    this.installation = installation;
  }

  SharedIndexInformer<Pod> start(LongConsumer onExit) {
    SharedIndexInformer<Pod> informer =
        client
            .pods()
            .inAnyNamespace()
            .withLabel(PodLabels.MANAGED_BY, installation)
            .runnableInformer(0);
    informer.addEventHandler(new Exits(onExit));
    informer.exceptionHandler(
        (started, error) -> {
          log.debug("Watching pods failed ({}); watching again", error.getMessage());
          return true;
        });
    informer
        .start()
        .whenComplete(
            (ok, error) -> {
              if (error == null) {
                log.info("Following sandbox exits (pods of {})", installation);
              }
            });
    return informer;
  }

  /** Reports a pod that exits or goes away. */
  private static final class Exits implements ResourceEventHandler<Pod> {

    private final LongConsumer onExit;

    Exits(LongConsumer onExit) {
      this.onExit = onExit;
    }

    @Override
    public void onAdd(Pod pod) {
      // Pods that were there before: the next resync looks at them anyway.
    }

    @Override
    public void onUpdate(Pod before, Pod now) {
      if (!exited(before) && exited(now)) {
        report(now, onExit);
      }
    }

    @Override
    public void onDelete(Pod pod, boolean finalStateUnknown) {
      report(pod, onExit);
    }
  }

  private static boolean exited(Pod pod) {
    return PodState.exitReason(pod).isPresent();
  }

  private static void report(Pod pod, LongConsumer onExit) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    String app = labels == null ? null : labels.get(PodLabels.APP_ID);
    if (app != null) {
      onExit.accept(Long.parseLong(app));
    }
  }
}
