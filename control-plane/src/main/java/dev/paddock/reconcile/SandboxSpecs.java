package dev.paddock.reconcile;

import dev.paddock.aot.AotCaches;
import dev.paddock.release.ArtifactStore;
import dev.paddock.sandbox.AppSockets;
import dev.paddock.sandbox.SandboxSpec;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.springframework.stereotype.Component;

/**
 * The sandbox each slot of an app needs: its target's rollout, limits and environment, the
 * release's artifact, the app's socket inbox and, for a live release, its AOT cache. Pure but for
 * where the artifact and the cache lie; thread-safe.
 */
@Component
class SandboxSpecs {

  private final ArtifactStore artifacts;
  private final AppSockets sockets;
  private final AotCaches caches;

  SandboxSpecs(ArtifactStore artifacts, AppSockets sockets, AotCaches caches) {
    this.artifacts = artifacts;
    this.sockets = sockets;
    this.caches = caches;
  }

  /** One spec per slot; none for an app that is gone or has nothing to run. */
  List<SandboxSpec> of(Target target) {
    return target == null || target.rollout() == null
        ? List.of()
        : IntStream.range(0, target.instances()).mapToObj(slot -> of(target, slot)).toList();
  }

  /** The spec of one slot of an app with a rollout. */
  SandboxSpec of(Target target, int slot) {
    Target.Rollout rollout = target.rollout();
    return caches.attach(
        new SandboxSpec(
            new SandboxSpec.Owner(target.tenantId(), target.tenant(), target.appId(), target.app()),
            rollout.deploy(),
            rollout.release(),
            rollout.version(),
            rollout.sha256(),
            artifacts.local(rollout.sha256()),
            rollout.handler(),
            target.uid(),
            target.limits(),
            environment(target),
            rollout.healthPath(),
            sockets.inbox(target.tenant(), target.app()),
            slot,
            target.generation(slot),
            target.requestTimeout(),
            null),
        !rollout.pending());
  }

  private static Map<String, String> environment(Target target) {
    Target.Rollout rollout = target.rollout();
    // A release uploaded before its classes were counted keeps sizing itself: a metaspace bound
    // guessed from the runtime alone would stop a large app from starting.
    return rollout.classes() == null ? rollout.env() : target.memory().environment(rollout.env());
  }
}
