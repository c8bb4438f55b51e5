package dev.paddock.sandbox.kubernetes;

import static dev.paddock.sandbox.kubernetes.KubernetesCalls.call;

import dev.paddock.sandbox.AdminProbe;
import dev.paddock.sandbox.Health;
import dev.paddock.sandbox.Limits;
import dev.paddock.sandbox.LogLine;
import dev.paddock.sandbox.Sandbox;
import dev.paddock.sandbox.SandboxDriver;
import dev.paddock.sandbox.SandboxException;
import dev.paddock.sandbox.SandboxLogs;
import dev.paddock.sandbox.SandboxProperties;
import dev.paddock.sandbox.SandboxReadings;
import dev.paddock.sandbox.SandboxSpec;
import dev.paddock.sandbox.SandboxWatcher;
import dev.paddock.sandbox.Usage;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * Sandboxes as Kubernetes pods: one pod per app instance in its tenant's namespace, behind one
 * Service per app, isolated by the namespace's network policy (see {@link SandboxPods}, {@link
 * TenantNamespaces}, {@link AppServices}). A sandbox's id is {@code <namespace>/<pod>}.
 *
 * <p>Bare pods, not a Deployment: the reconciler already replaces an app's instances one at a time,
 * waits for each to be healthy and drains the old one; a Deployment's controller would replace and
 * restart pods on its own and fight it. Pods never restart ({@code restartPolicy: Never}), as
 * Docker containers do not: the reconciler records a death and replaces the sandbox.
 *
 * <p>Limits: Kubernetes has no per-pod pids limit (the kubelet's {@code podPidsLimit} caps every
 * pod alike), so the requested one is only recorded in an annotation; CPUs change in place only
 * where the cluster has the pod {@code resize} subresource (1.33+). Usage has the limits and the
 * runner's JVM figures, but no memory, CPU time or process count of the pod itself.
 *
 * <p>Thread-safe; every method is idempotent and throws {@link SandboxException} when Kubernetes
 * refuses or cannot be reached.
 */
class KubernetesSandboxDriver
    implements SandboxDriver, SandboxReadings, SandboxLogs, SandboxWatcher, AutoCloseable {

  private final KubernetesClient client;
  private final String installation;
  private final SandboxProperties properties;
  private final KubernetesProperties k8s;
  private final ArtifactLinks links;
  private final TenantNamespaces namespaces;
  private final SandboxPods pods;
  private final AppServices services;
  private final PodLimits limits;
  private final PodLogs logs;
  private final AdminProbe probe = new AdminProbe();
  private final PodMemory metrics;
  private volatile SharedIndexInformer<Pod> watch;

  KubernetesSandboxDriver(
      KubernetesClient client,
      String installation,
      SandboxProperties properties,
      KubernetesProperties k8s,
      ArtifactLinks links,
      TenantNamespaces namespaces) {
    this.client = client;
    this.installation = installation;
    this.properties = properties;
    this.k8s = k8s;
    this.links = links;
    this.namespaces = namespaces;
    this.pods = new SandboxPods(installation, properties);
    this.services = new AppServices(client, installation, properties.appPort());
    this.limits = new PodLimits(client);
    this.metrics = new PodMemory(client);
    this.logs = new PodLogs(client);
  }

  @Override
  public List<Sandbox> list() {
    return call(
        "list pods",
        () ->
            client
                .pods()
                .inAnyNamespace()
                .withLabel(PodLabels.MANAGED_BY, installation)
                .list()
                .getItems()
                .stream()
                .filter(KubernetesSandboxDriver::labelled)
                .map(this::sandbox)
                .toList());
  }

  @Override
  public Sandbox start(SandboxSpec spec) {
    String name = SandboxPods.name(spec);
    return call(
        "start " + name,
        () -> {
          String namespace = namespaces.ensure(spec.owner());
          URI artifact =
              links.link(
                  k8s.artifactHost(),
                  k8s.artifactPort(),
                  spec.owner().tenant(),
                  spec.artifactSha256());
          Pod pod = create(pods.of(spec, namespace, artifact.toString()));
          // After the pod: a removal that finds no pod of the app takes the Service away.
          services.ensure(namespace, spec.owner());
          return sandbox(pod);
        });
  }

  private Pod create(Pod pod) {
    try {
      return client.resource(pod).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      // Another pass created it first (or a previous control plane did): adopt it.
      Pod existing = client.resource(pod).get();
      if (existing == null) {
        throw new SandboxException(
            "Pod " + pod.getMetadata().getName() + " vanished after start", e);
      }
      return existing;
    }
  }

  @Override
  public void watch(LongConsumer onExit) {
    watch = new PodWatch(client, installation).start(onExit);
  }

  @Override
  public Optional<Limits> resize(Sandbox sandbox, Limits wanted) {
    PodName pod = PodName.of(sandbox);
    return call(
        "resize " + sandbox.name(), () -> limits.resize(pod.namespace(), pod.name(), wanted));
  }

  @Override
  public Health probe(Sandbox sandbox) {
    return call(
        "probe " + sandbox.name(),
        () ->
            find(sandbox)
                .map(PodState::health)
                .orElseGet(() -> new Health.Down("the sandbox no longer exists")));
  }

  @Override
  public Optional<Usage> usage(Sandbox sandbox) {
    return call("read the usage of " + sandbox.name(), () -> find(sandbox))
        .filter(pod -> PodState.state(pod) == Sandbox.State.RUNNING)
        .map(pod -> PodUsage.of(pod, metrics.memory(pod), probe.metrics(sandbox(pod).admin())));
  }

  @Override
  public List<String> logs(Sandbox sandbox, int tail) {
    PodName pod = PodName.of(sandbox);
    return call(
        "read the logs of " + sandbox.name(), () -> logs.tail(pod.namespace(), pod.name(), tail));
  }

  @Override
  public void follow(Sandbox sandbox, Instant since, Consumer<LogLine> sink) {
    PodName pod = PodName.of(sandbox);
    KubernetesCalls.run(
        "follow the logs of " + sandbox.name(),
        () -> logs.follow(pod.namespace(), pod.name(), since, sink));
  }

  @Override
  public void remove(Sandbox sandbox, Duration grace) {
    PodName pod = PodName.of(sandbox);
    KubernetesCalls.run(
        "remove " + sandbox.name(),
        () -> {
          // The runner drains for up to the grace period itself; the kubelet's SIGKILL comes later.
          long seconds = grace.isZero() ? 0 : grace.toSeconds() + 5;
          client
              .pods()
              .inNamespace(pod.namespace())
              .withName(pod.name())
              .withGracePeriod(seconds)
              .withTimeout(seconds + 30, TimeUnit.SECONDS)
              .delete();
          limits.forget(pod.namespace(), pod.name());
          services.removeIfUnused(pod.namespace(), sandbox.appId());
        });
  }

  /** Whether the watch has listed the pods and follows their changes. */
  boolean watching() {
    SharedIndexInformer<Pod> informer = watch;
    return informer != null && informer.isWatching();
  }

  /** Stops watching pods. */
  @Override
  public void close() {
    SharedIndexInformer<Pod> informer = watch;
    if (informer != null) {
      informer.stop();
    }
  }

  /**
   * The pod as the watch last saw it, or else as the API has it: the reconciler probes a starting
   * sandbox every few milliseconds, and the watch spares the API those reads. A pod the watch has
   * not seen yet (just created) is read from the API.
   */
  private Optional<Pod> find(Sandbox sandbox) {
    PodName pod = PodName.of(sandbox);
    SharedIndexInformer<Pod> informer = watch;
    Pod seen =
        informer != null && informer.hasSynced()
            ? informer.getStore().getByKey(pod.toString())
            : null;
    return seen != null
        ? Optional.of(seen)
        : Optional.ofNullable(
            client.pods().inNamespace(pod.namespace()).withName(pod.name()).get());
  }

  private static boolean labelled(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    return Stream.of(
            PodLabels.APP_ID,
            PodLabels.DEPLOY,
            PodLabels.RELEASE,
            PodLabels.SPEC_HASH,
            PodLabels.SLOT)
        .allMatch(label -> labels.get(label) != null);
  }

  private Sandbox sandbox(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    String id = PodName.of(pod).toString();
    return new Sandbox(
        id,
        id,
        Long.parseLong(labels.get(PodLabels.APP_ID)),
        Long.parseLong(labels.get(PodLabels.DEPLOY)),
        Long.parseLong(labels.get(PodLabels.RELEASE)),
        labels.get(PodLabels.SPEC_HASH),
        Integer.parseInt(labels.get(PodLabels.SLOT)),
        PodState.state(pod),
        adminUri(pod),
        created(pod));
  }

  /** When the API server created the pod; a pod not yet stored has none. */
  private static Instant created(Pod pod) {
    String at = pod.getMetadata().getCreationTimestamp();
    return at == null ? Instant.EPOCH : Instant.parse(at);
  }

  private URI adminUri(Pod pod) {
    String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
    if (ip == null || ip.isEmpty()) {
      return null;
    }
    String host = ip.contains(":") ? "[" + ip + "]" : ip;
    return URI.create("http://%s:%d/".formatted(host, properties.adminPort()));
  }
}
