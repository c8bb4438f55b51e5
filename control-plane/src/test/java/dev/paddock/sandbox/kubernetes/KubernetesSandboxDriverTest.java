package dev.paddock.sandbox.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paddock.app.Limits;
import dev.paddock.sandbox.Health;
import dev.paddock.sandbox.Sandbox;
import dev.paddock.sandbox.SandboxException;
import dev.paddock.sandbox.SandboxProperties;
import dev.paddock.sandbox.SandboxSpec;
import dev.paddock.tenant.Quota;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The Kubernetes driver against fabric8's mock API server, which keeps what it is sent. */
@EnableKubernetesMockClient(crud = true)
class KubernetesSandboxDriverTest {

  static final String INSTALLATION = "paddock-test";
  static final String NAMESPACE = "paddock-acme";
  static final String SHA = "ab".repeat(32);
  static final Limits LIMITS = new Limits(DataSize.ofMegabytes(256), 0.5, 128);
  static final SandboxProperties SANDBOX =
      new SandboxProperties(
          SandboxProperties.Driver.KUBERNETES,
          "paddock/sandbox:test",
          null,
          Duration.ofSeconds(60),
          Duration.ofSeconds(10),
          DataSize.ofMegabytes(64),
          8080,
          9000);
  static final KubernetesProperties K8S =
      new KubernetesProperties(
          "paddock-",
          "paddock",
          null,
          8081,
          "paddock.paddock.svc",
          null,
          List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"));

  KubernetesClient client;
  KubernetesMockServer server;

  final Map<Long, Quota> quotas = new HashMap<>();
  final ArtifactLinks links = new ArtifactLinks("test key".getBytes());
  KubernetesSandboxDriver driver;

  @BeforeEach
  void driver() {
    driver =
        new KubernetesSandboxDriver(
            client,
            INSTALLATION,
            SANDBOX,
            K8S,
            links,
            new TenantNamespaces(
                client, INSTALLATION, K8S, SANDBOX, id -> quotas.getOrDefault(id, Quota.NONE)));
  }

  static SandboxSpec spec(long appId, String app, int slot, long deploy) {
    return new SandboxSpec(
        new SandboxSpec.Owner(7, "acme", appId, app),
        deploy,
        30 + deploy,
        3,
        SHA,
        Path.of("/releases/" + SHA + ".jar"),
        false,
        10_007,
        LIMITS,
        Map.of("GREETING", "hello"),
        "/ready",
        Path.of("/run/acme/hello"),
        slot,
        0,
        Duration.ofSeconds(30));
  }

  @Test
  void startPutsTheTenantInANamespaceOfItsOwn() {
    driver.start(spec(1, "hello", 0, 1));

    Namespace namespace = client.namespaces().withName(NAMESPACE).get();
    assertThat(namespace.getMetadata().getLabels())
        .containsEntry("paddock.dev/managed-by", INSTALLATION)
        .containsEntry("paddock.dev/tenant", "acme")
        .containsEntry("paddock.dev/tenant-namespace", "true");
  }

  @Test
  void aNamespaceOfAnotherInstallationIsNotTakenOver() {
    client
        .namespaces()
        .resource(
            new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata()
                .withName(NAMESPACE)
                .addToLabels("paddock.dev/managed-by", "someone-else")
                .endMetadata()
                .build())
        .create();

    assertThatThrownBy(() -> driver.start(spec(1, "hello", 0, 1)))
        .isInstanceOf(SandboxException.class)
        .hasMessageContaining("not this installation's");
    assertThat(client.pods().inNamespace(NAMESPACE).list().getItems()).isEmpty();
  }

  @Test
  void theNetworkPolicyAdmitsOnlyTheControlPlaneAndLetsOutOnlyDnsItsArtifactsAndTheInternet() {
    driver.start(spec(1, "hello", 0, 1));

    NetworkPolicy policy =
        client
            .network()
            .v1()
            .networkPolicies()
            .inNamespace(NAMESPACE)
            .withName("paddock-tenant")
            .get();
    var spec = policy.getSpec();
    assertThat(spec.getPodSelector().getMatchLabels()).isNullOrEmpty();
    assertThat(spec.getPolicyTypes()).containsExactly("Ingress", "Egress");

    assertThat(spec.getIngress()).hasSize(1);
    var ingress = spec.getIngress().getFirst();
    assertThat(ingress.getFrom()).hasSize(1);
    assertControlPlane(ingress.getFrom().getFirst());
    assertThat(ingress.getPorts())
        .extracting(p -> p.getProtocol() + "/" + p.getPort().getIntVal())
        .containsExactlyInAnyOrder("TCP/8080", "TCP/9000");

    assertThat(spec.getEgress()).hasSize(3);
    var dns = spec.getEgress().get(0);
    assertThat(dns.getTo().getFirst().getNamespaceSelector().getMatchLabels()).isNullOrEmpty();
    assertThat(dns.getTo().getFirst().getPodSelector().getMatchLabels())
        .isEqualTo(Map.of("k8s-app", "kube-dns"));
    assertThat(dns.getPorts())
        .extracting(p -> p.getProtocol() + "/" + p.getPort().getIntVal())
        .containsExactlyInAnyOrder("UDP/53", "TCP/53");
    var artifacts = spec.getEgress().get(1);
    assertControlPlane(artifacts.getTo().getFirst());
    assertThat(artifacts.getPorts())
        .extracting(p -> p.getProtocol() + "/" + p.getPort().getIntVal())
        .containsExactly("TCP/8081");
    var internet = spec.getEgress().get(2);
    assertThat(internet.getPorts()).isNullOrEmpty();
    assertThat(internet.getTo().getFirst().getIpBlock().getCidr()).isEqualTo("0.0.0.0/0");
    assertThat(internet.getTo().getFirst().getIpBlock().getExcept())
        .containsExactly("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16");
    assertThat(internet.getTo().getFirst().getPodSelector()).isNull();
    assertThat(internet.getTo().getFirst().getNamespaceSelector()).isNull();
  }

  private static void assertControlPlane(NetworkPolicyPeer peer) {
    assertThat(peer.getNamespaceSelector().getMatchLabels())
        .isEqualTo(Map.of("kubernetes.io/metadata.name", "paddock"));
    assertThat(peer.getPodSelector().getMatchLabels())
        .isEqualTo(Map.of("app.kubernetes.io/name", "paddock"));
    assertThat(peer.getIpBlock()).isNull();
  }

  @Test
  void theResourceQuotaIsTwiceTheTenantsQuotaAndFollowsIt() {
    quotas.put(7L, new Quota(DataSize.ofGigabytes(1), 5, 4));
    driver.start(spec(1, "hello", 0, 1));

    assertThat(hard()).containsEntry("limits.memory", 2L << 30).containsEntry("pods", 8L);

    quotas.put(7L, new Quota(null, null, 3));
    driver.start(spec(1, "hello", 1, 1));
    assertThat(hard()).isEqualTo(Map.of("pods", 6L));

    quotas.remove(7L);
    driver.start(spec(1, "hello", 2, 1));
    assertThat(client.resourceQuotas().inNamespace(NAMESPACE).withName("paddock-quota").get())
        .isNull();
  }

  private Map<String, Long> hard() {
    ResourceQuota quota =
        client.resourceQuotas().inNamespace(NAMESPACE).withName("paddock-quota").get();
    Map<String, Long> hard = new HashMap<>();
    quota
        .getSpec()
        .getHard()
        .forEach((key, value) -> hard.put(key, Quantity.getAmountInBytes(value).longValue()));
    return hard;
  }

  @Test
  void theAppsServiceSelectsItsPodsOnPort80() {
    driver.start(spec(1, "hello", 0, 1));

    Service service = client.services().inNamespace(NAMESPACE).withName("hello").get();
    assertThat(service.getSpec().getSelector())
        .isEqualTo(Map.of("paddock.dev/managed-by", INSTALLATION, "paddock.dev/app-id", "1"));
    assertThat(service.getSpec().getPorts()).hasSize(1);
    assertThat(service.getSpec().getPorts().getFirst().getPort()).isEqualTo(80);
    assertThat(service.getSpec().getPorts().getFirst().getTargetPort().getIntVal()).isEqualTo(8080);
    assertThat(AppServices.serviceUrl("paddock-", "acme", "hello"))
        .isEqualTo(URI.create("http://hello.paddock-acme.svc:80/"));
  }

  @Test
  void thePodRunsAsTheTenantWithNothingToEscalate() {
    Pod pod = startAndGet(spec(1, "hello", 0, 1));

    var spec = pod.getSpec();
    assertThat(spec.getRestartPolicy()).isEqualTo("Never");
    assertThat(spec.getAutomountServiceAccountToken()).isFalse();
    assertThat(spec.getEnableServiceLinks()).isFalse();
    assertThat(spec.getTerminationGracePeriodSeconds()).isEqualTo(15L);
    var podSecurity = spec.getSecurityContext();
    assertThat(podSecurity.getRunAsNonRoot()).isTrue();
    assertThat(podSecurity.getRunAsUser()).isEqualTo(10_007L);
    assertThat(podSecurity.getRunAsGroup()).isEqualTo(10_007L);
    assertThat(podSecurity.getFsGroup()).isEqualTo(10_007L);
    assertThat(podSecurity.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    for (Container container : List.of(app(pod), fetch(pod))) {
      var security = container.getSecurityContext();
      assertThat(security.getReadOnlyRootFilesystem()).isTrue();
      assertThat(security.getAllowPrivilegeEscalation()).isFalse();
      assertThat(security.getPrivileged()).isFalse();
      assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
      assertThat(security.getRunAsNonRoot()).isTrue();
      assertThat(security.getRunAsUser()).isEqualTo(10_007L);
    }
  }

  @Test
  void thePodIsCappedAtTheAppsLimitsAndRecordsItsPids() {
    Pod pod = startAndGet(spec(1, "hello", 0, 1));

    for (Container container : List.of(app(pod), fetch(pod))) {
      var resources = container.getResources();
      assertThat(Quantity.getAmountInBytes(resources.getLimits().get("memory")).longValue())
          .isEqualTo(256L << 20);
      assertThat(resources.getLimits().get("cpu").getNumericalAmount().doubleValue())
          .isEqualTo(0.5);
      assertThat(resources.getRequests()).isEqualTo(resources.getLimits());
    }
    assertThat(pod.getMetadata().getAnnotations()).containsEntry("paddock.dev/pids-limit", "128");
  }

  @Test
  void thePodFetchesItsReleaseIntoAReadOnlyAppDirectoryAndHasAPrivateTmp() {
    Pod pod = startAndGet(spec(1, "hello", 0, 1));

    var tmp = volume(pod, "tmp").getEmptyDir();
    assertThat(tmp.getMedium()).isEqualTo("Memory");
    assertThat(Quantity.getAmountInBytes(tmp.getSizeLimit()).longValue()).isEqualTo(64L << 20);
    assertThat(volume(pod, "app").getEmptyDir()).isNotNull();

    Container fetch = fetch(pod);
    assertThat(fetch.getImage()).isEqualTo("paddock/sandbox:test");
    String url =
        "http://paddock.paddock.svc:8081/artifacts/%s?tenant=acme&signature=%s"
            .formatted(SHA, links.sign("acme", SHA));
    assertThat(fetch.getCommand())
        .containsSequence(
            "-cp", "/opt/paddock/runner.jar", "dev.paddock.runner.Fetch", url, SHA, "/app/app.jar");
    assertThat(fetch.getCommand().getFirst()).isEqualTo("/opt/java/openjdk/bin/java");
    assertThat(fetch.getVolumeMounts())
        .extracting(m -> m.getName() + ":" + m.getMountPath() + ":" + m.getReadOnly())
        .containsExactlyInAnyOrder("tmp:/tmp:false", "app:/app:false");

    Container app = app(pod);
    assertThat(app.getImage()).isEqualTo("paddock/sandbox:test");
    assertThat(app.getCommand()).isNullOrEmpty();
    assertThat(app.getVolumeMounts())
        .extracting(m -> m.getName() + ":" + m.getMountPath() + ":" + m.getReadOnly())
        .containsExactlyInAnyOrder("tmp:/tmp:false", "app:/app:true");
  }

  @Test
  void thePodHasTheRunnersEnvironmentButNoSocketAndIsReadyWhenTheRunnerSaysSo() {
    Container app = app(startAndGet(spec(1, "hello", 0, 1)));

    Map<String, String> env = new HashMap<>();
    for (EnvVar var : app.getEnv()) {
      env.put(var.getName(), var.getValue());
    }
    assertThat(env)
        .containsEntry("GREETING", "hello")
        .containsEntry("PORT", "8080")
        .containsEntry("PADDOCK_ADMIN_PORT", "9000")
        .containsEntry("PADDOCK_REQUEST_TIMEOUT", "30s")
        .containsEntry("PADDOCK_DRAIN_TIMEOUT", "PT10S")
        .containsEntry("PADDOCK_TENANT", "acme")
        .containsEntry("PADDOCK_APP", "hello")
        .containsEntry("PADDOCK_RELEASE", "3")
        .containsEntry("PADDOCK_HEALTH_PATH", "/ready")
        .doesNotContainKey("PADDOCK_SOCKET");
    var readiness = app.getReadinessProbe().getHttpGet();
    assertThat(readiness.getPath()).isEqualTo("/health");
    assertThat(readiness.getPort().getIntVal()).isEqualTo(9000);
  }

  @Test
  void thePodIsLabelledWithEverythingASandboxIsRebuiltFrom() {
    SandboxSpec spec = spec(1, "hello", 2, 4);
    Pod pod = startAndGet(spec);

    assertThat(pod.getMetadata().getName()).isEqualTo("hello-2-" + spec.hash());
    assertThat(pod.getMetadata().getLabels())
        .containsEntry("paddock.dev/managed-by", INSTALLATION)
        .containsEntry("paddock.dev/tenant", "acme")
        .containsEntry("paddock.dev/app", "hello")
        .containsEntry("paddock.dev/app-id", "1")
        .containsEntry("paddock.dev/deploy", "4")
        .containsEntry("paddock.dev/release", "34")
        .containsEntry("paddock.dev/slot", "2")
        .containsEntry("paddock.dev/spec-hash", spec.hash());
  }

  @Test
  void aLongAppNameIsShortenedToAPodName() {
    SandboxSpec spec = spec(1, "a".repeat(20) + "-" + "b".repeat(11), 12, 1);

    String name = SandboxPods.name(spec);

    assertThat(name).hasSizeLessThanOrEqualTo(63).endsWith("-12-" + spec.hash());
    assertThat(name).doesNotContain("--");
  }

  @Test
  void listRebuildsSandboxesFromPodsAndStartIsIdempotent() {
    SandboxSpec spec = spec(1, "hello", 0, 1);
    Sandbox started = driver.start(spec);
    Sandbox again = driver.start(spec);

    assertThat(again).isEqualTo(started);
    assertThat(driver.list()).containsExactly(started);
    assertThat(started.id()).isEqualTo(NAMESPACE + "/hello-0-" + spec.hash());
    assertThat(started.name()).isEqualTo(started.id());
    assertThat(started.appId()).isEqualTo(1);
    assertThat(started.deploy()).isEqualTo(1);
    assertThat(started.release()).isEqualTo(31);
    assertThat(started.specHash()).isEqualTo(spec.hash());
    assertThat(started.slot()).isZero();
    assertThat(started.state()).isEqualTo(Sandbox.State.CREATED);
    assertThat(started.admin()).isNull();

    status(started, s -> s.withPhase("Running").withPodIP("10.1.2.3"));
    Sandbox running = driver.list().getFirst();
    assertThat(running.state()).isEqualTo(Sandbox.State.RUNNING);
    assertThat(running.admin()).isEqualTo(URI.create("http://10.1.2.3:9000/"));
  }

  @Test
  void podsOfOtherInstallationsAreNotListed() {
    driver.start(spec(1, "hello", 0, 1));
    client
        .pods()
        .inNamespace(NAMESPACE)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("stranger")
                .addToLabels("paddock.dev/managed-by", "another")
                .endMetadata()
                .build())
        .create();

    assertThat(driver.list()).extracting(Sandbox::appId).containsExactly(1L);
  }

  @Test
  void replacingASlotLeavesOnlyTheNewPodAndKeepsTheService() {
    Sandbox old = driver.start(spec(1, "hello", 0, 1));
    Sandbox replacement = driver.start(spec(1, "hello", 0, 2));

    driver.remove(old, Duration.ofSeconds(2));

    assertThat(driver.list()).containsExactly(replacement);
    assertThat(client.services().inNamespace(NAMESPACE).withName("hello").get()).isNotNull();
  }

  @Test
  void removingTheAppsLastPodRemovesItsServiceButNoOtherApps() {
    Sandbox hello = driver.start(spec(1, "hello", 0, 1));
    driver.start(spec(2, "other", 0, 1));

    driver.remove(hello, Duration.ZERO);
    driver.remove(hello, Duration.ZERO);

    assertThat(client.services().inNamespace(NAMESPACE).withName("hello").get()).isNull();
    assertThat(client.services().inNamespace(NAMESPACE).withName("other").get()).isNotNull();
    assertThat(driver.list()).extracting(Sandbox::appId).containsExactly(2L);
  }

  @Test
  void aPodKilledForItsMemoryIsDownForThatReason() {
    Sandbox sandbox = driver.start(spec(1, "hello", 0, 1));
    status(
        sandbox,
        s ->
            s.withPhase("Failed")
                .addNewContainerStatus()
                .withName("app")
                .withNewState()
                .withNewTerminated()
                .withReason("OOMKilled")
                .withExitCode(137)
                .endTerminated()
                .endState()
                .endContainerStatus());

    assertThat(driver.probe(sandbox))
        .isEqualTo(new Health.Down("killed for exceeding its memory limit (exit code 137)"));
    assertThat(driver.list().getFirst().state()).isEqualTo(Sandbox.State.EXITED);
    assertThat(driver.usage(sandbox)).isEmpty();
  }

  @Test
  void aPodThatCouldNotFetchItsReleaseIsDownWithTheFetchesReason() {
    Sandbox sandbox = driver.start(spec(1, "hello", 0, 1));
    status(
        sandbox,
        s ->
            s.withPhase("Failed")
                .addNewInitContainerStatus()
                .withName("fetch")
                .withNewState()
                .withNewTerminated()
                .withExitCode(1)
                .withMessage("paddock-fetch: http://paddock.paddock.svc:8081/... answered 404")
                .endTerminated()
                .endState()
                .endInitContainerStatus());

    assertThat(driver.probe(sandbox))
        .isInstanceOfSatisfying(
            Health.Down.class,
            down ->
                assertThat(down.reason())
                    .startsWith("could not fetch its release (exit code 1)")
                    .contains("answered 404"));
  }

  @Test
  void aReadyPodIsUpAndAnUnreadyOneIsStartingWithWhatItWaitsFor() {
    Sandbox sandbox = driver.start(spec(1, "hello", 0, 1));
    status(
        sandbox,
        s ->
            s.withPhase("Pending")
                .addNewInitContainerStatus()
                .withName("fetch")
                .withNewState()
                .withNewWaiting()
                .withReason("PodInitializing")
                .endWaiting()
                .endState()
                .endInitContainerStatus());
    assertThat(driver.probe(sandbox)).isEqualTo(new Health.Starting("PodInitializing"));

    status(
        sandbox,
        s ->
            s.withPhase("Running")
                .withInitContainerStatuses()
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .endCondition());
    assertThat(driver.probe(sandbox)).isEqualTo(new Health.Up());
  }

  @Test
  void aPodThatIsGoneIsDown() {
    Sandbox sandbox = driver.start(spec(1, "hello", 0, 1));
    driver.remove(sandbox, Duration.ZERO);

    assertThat(driver.probe(sandbox)).isEqualTo(new Health.Down("the sandbox no longer exists"));
    expectLog(sandbox, "app", 10, 404, "");
    expectLog(sandbox, "fetch", 10, 404, "");
    assertThat(driver.logs(sandbox, 10)).isEmpty();
    assertThat(driver.usage(sandbox)).isEmpty();
    assertThat(driver.resize(sandbox, LIMITS)).isEmpty();
  }

  @Test
  void aRunningPodsUsageHasItsLimits() {
    Sandbox sandbox = driver.start(spec(1, "hello", 0, 1));
    status(sandbox, s -> s.withPhase("Running"));

    var usage = driver.usage(sandbox).orElseThrow();

    assertThat(usage.memoryLimitBytes()).isEqualTo(256L << 20);
    assertThat(usage.cpusLimit()).isEqualTo(0.5);
    assertThat(usage.pidsLimit()).isEqualTo(128);
    assertThat(usage.jvm()).isNull();
  }

  @Test
  void aRefusalOfTheApiIsASandboxExceptionThatSaysWhat() {
    server
        .expect()
        .post()
        .withPath("/api/v1/namespaces/" + NAMESPACE + "/pods")
        .andReturn(
            403,
            new io.fabric8.kubernetes.api.model.StatusBuilder()
                .withCode(403)
                .withMessage("exceeded quota: paddock-quota")
                .build())
        .once();

    assertThatThrownBy(() -> driver.start(spec(1, "hello", 0, 1)))
        .isInstanceOf(SandboxException.class)
        .hasMessageContaining("Kubernetes refused to start hello-0-")
        .hasMessageContaining("403")
        .hasMessageContaining("exceeded quota");
  }

  @Test
  void logsAreTheAppsLastLines() {
    Sandbox sandbox = driver.start(spec(1, "hello", 0, 1));
    expectLog(sandbox, "app", 2, 200, "started\nserving\n");

    assertThat(driver.logs(sandbox, 2)).containsExactly("started", "serving");
  }

  @Test
  void logsOfAnAppThatNeverStartedAreTheFetches() {
    Sandbox sandbox = driver.start(spec(1, "hello", 0, 1));
    server
        .expect()
        .get()
        .withPath(path(sandbox) + "/log?pretty=false&container=app&tailLines=5")
        .andReturn(
            400,
            new io.fabric8.kubernetes.api.model.StatusBuilder()
                .withCode(400)
                .withMessage("container \"app\" in pod is waiting to start: PodInitializing")
                .build())
        .once();
    expectLog(sandbox, "fetch", 5, 200, "paddock-fetch: answered 404\n");

    assertThat(driver.logs(sandbox, 5)).containsExactly("paddock-fetch: answered 404");
  }

  @Test
  void resizingChangesCpusInPlaceRecordsPidsAndIsIdempotent() throws Exception {
    Sandbox sandbox = driver.start(spec(1, "hello", 0, 1));
    assertThat(driver.resize(sandbox, LIMITS)).isEmpty();

    Limits more = new Limits(LIMITS.memory(), 1.5, 256);
    Pod resized = pod(sandbox);
    resized
        .getSpec()
        .getContainers()
        .getFirst()
        .getResources()
        .getLimits()
        .put("cpu", new Quantity("1500m"));
    resized.getMetadata().getAnnotations().put("paddock.dev/pids-limit", "256");
    server.expect().patch().withPath(path(sandbox) + "/resize").andReturn(200, resized).once();

    assertThat(driver.resize(sandbox, more)).contains(more);
    assertThat(server.getLastRequest().getUtf8Body()).contains("\"cpu\": \"1500m\"");
    assertThat(pod(sandbox).getMetadata().getAnnotations())
        .containsEntry("paddock.dev/pids-limit", "256");
    int requests = server.getRequestCount();
    assertThat(driver.resize(sandbox, more)).isEmpty();
    assertThat(server.getRequestCount()).isEqualTo(requests);
  }

  @Test
  void withoutInPlaceResizeTheCpusStayAsTheyAre() {
    Sandbox sandbox = driver.start(spec(1, "hello", 0, 1));
    server
        .expect()
        .patch()
        .withPath(path(sandbox) + "/resize")
        .andReturn(404, new io.fabric8.kubernetes.api.model.StatusBuilder().withCode(404).build())
        .once();

    assertThat(driver.resize(sandbox, new Limits(LIMITS.memory(), 2, LIMITS.pids()))).isEmpty();
  }

  @Test
  void theWatchReportsTheAppOfAPodThatStopsOrGoes() {
    Sandbox hello = driver.start(spec(1, "hello", 0, 1));
    Sandbox other = driver.start(spec(2, "other", 0, 1));
    List<Long> exits = new java.util.concurrent.CopyOnWriteArrayList<>();
    driver.watch(exits::add);
    try {
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> driver.watching());
      status(hello, s -> s.withPhase("Running"));
      status(
          hello,
          s ->
              s.addNewContainerStatus()
                  .withName("app")
                  .withNewState()
                  .withNewTerminated()
                  .withExitCode(3)
                  .endTerminated()
                  .endState()
                  .endContainerStatus());
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(exits).containsExactly(1L));

      driver.remove(other, Duration.ZERO);
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(exits).containsExactly(1L, 2L));
    } finally {
      driver.close();
    }
  }

  private String path(Sandbox sandbox) {
    PodName name = PodName.of(sandbox);
    return "/api/v1/namespaces/%s/pods/%s".formatted(name.namespace(), name.name());
  }

  private void expectLog(Sandbox sandbox, String container, int tail, int status, String body) {
    server
        .expect()
        .get()
        .withPath(
            path(sandbox)
                + "/log?pretty=false&container=%s&tailLines=%d".formatted(container, tail))
        .andReturn(status, body)
        .once();
  }

  private Pod startAndGet(SandboxSpec spec) {
    Sandbox sandbox = driver.start(spec);
    return pod(sandbox);
  }

  private Pod pod(Sandbox sandbox) {
    PodName name = PodName.of(sandbox);
    return client.pods().inNamespace(name.namespace()).withName(name.name()).get();
  }

  /** Sets the pod's status, as the kubelet would. */
  void status(Sandbox sandbox, UnaryOperator<PodStatusBuilder> change) {
    PodName name = PodName.of(sandbox);
    client
        .pods()
        .inNamespace(name.namespace())
        .withName(name.name())
        .editStatus(
            p -> {
              PodStatus status = p.getStatus() == null ? new PodStatus() : p.getStatus();
              return new PodBuilder(p)
                  .withStatus(change.apply(new PodStatusBuilder(status)).build())
                  .build();
            });
  }

  private static Container app(Pod pod) {
    return pod.getSpec().getContainers().stream()
        .filter(c -> c.getName().equals("app"))
        .findFirst()
        .orElseThrow();
  }

  private static Container fetch(Pod pod) {
    assertThat(pod.getSpec().getInitContainers()).hasSize(1);
    return pod.getSpec().getInitContainers().getFirst();
  }

  private static io.fabric8.kubernetes.api.model.Volume volume(Pod pod, String name) {
    return pod.getSpec().getVolumes().stream()
        .filter(v -> v.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }
}
