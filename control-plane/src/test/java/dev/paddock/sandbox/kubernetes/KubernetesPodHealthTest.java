package dev.paddock.sandbox.kubernetes;

import static dev.paddock.sandbox.kubernetes.MockCluster.LIMITS;
import static dev.paddock.sandbox.kubernetes.MockCluster.path;
import static dev.paddock.sandbox.kubernetes.MockCluster.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.sandbox.Health;
import dev.paddock.sandbox.LogLine;
import dev.paddock.sandbox.Sandbox;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the driver makes of a pod's status: health, usage and logs. */
@EnableKubernetesMockClient(crud = true)
class KubernetesPodHealthTest {

  KubernetesClient client;
  KubernetesMockServer server;
  MockCluster cluster;
  KubernetesSandboxDriver driver;

  @BeforeEach
  void cluster() {
    cluster = new MockCluster(client);
    driver = cluster.driver;
  }

  @Test
  void aPodKilledForItsMemoryIsDownForThatReason() {
    Sandbox sandbox = driver.start(spec(1, "hello", 0, 1));
    cluster.status(
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
    cluster.status(
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
    cluster.status(
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

    cluster.status(
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
    cluster.status(sandbox, s -> s.withPhase("Running"));

    var usage = driver.usage(sandbox).orElseThrow();

    assertThat(usage.memoryLimitBytes()).isEqualTo(256L << 20);
    assertThat(usage.cpusLimit()).isEqualTo(0.5);
    assertThat(usage.pidsLimit()).isEqualTo(128);
    assertThat(usage.jvm()).isNull();
    // This cluster serves no metrics API.
    assertThat(usage.memoryBytes()).isZero();
  }

  @Test
  void aRunningPodsMemoryIsWhatTheMetricsApiSaysOfItsAppContainer() {
    Sandbox sandbox = driver.start(spec(1, "hello", 0, 1));
    cluster.status(sandbox, s -> s.withPhase("Running"));
    server
        .expect()
        .get()
        .withPath("/apis/metrics.k8s.io/v1beta1")
        .andReturn(
            200,
            new APIResourceListBuilder()
                .withGroupVersion("metrics.k8s.io/v1beta1")
                .addNewResource()
                .withName("pods")
                .withKind("PodMetrics")
                .withNamespaced(true)
                .withVerbs("get", "list")
                .endResource()
                .build())
        .always();
    PodName pod = PodName.of(sandbox);
    server
        .expect()
        .get()
        .withPath(
            "/apis/metrics.k8s.io/v1beta1/namespaces/%s/pods/%s"
                .formatted(pod.namespace(), pod.name()))
        .andReturn(
            200,
            new PodMetricsBuilder()
                .withNewMetadata()
                .withName(pod.name())
                .withNamespace(pod.namespace())
                .endMetadata()
                .addNewContainer()
                .withName("app")
                .withUsage(Map.of("memory", new Quantity("96Mi"), "cpu", new Quantity("12m")))
                .endContainer()
                .build())
        .always();

    assertThat(driver.usage(sandbox).orElseThrow().memoryBytes()).isEqualTo(96L << 20);
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
            new StatusBuilder()
                .withCode(400)
                .withMessage("container \"app\" in pod is waiting to start: PodInitializing")
                .build())
        .once();
    expectLog(sandbox, "fetch", 5, 200, "paddock-fetch: answered 404\n");

    assertThat(driver.logs(sandbox, 5)).containsExactly("paddock-fetch: answered 404");
  }

  @Test
  void followingHandsOnTheLinesWrittenSinceTheGivenInstant() {
    Sandbox sandbox = driver.start(spec(1, "hello", 0, 1));
    cluster.status(
        sandbox,
        s ->
            s.withPhase("Running")
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .endCondition());
    server
        .expect()
        .get()
        .withPath(
            path(sandbox)
                + "/log?pretty=false&container=app&sinceTime=2026-01-01T00:00:00Z&timestamps=true&follow=true")
        .andReturn(
            200,
            """
            2026-01-01T00:00:00Z written at the instant itself
            2026-01-01T00:00:01.250Z started
            2026-01-01T00:00:02Z serving on 8080
            """)
        .once();
    List<LogLine> lines = new ArrayList<>();

    driver.follow(sandbox, Instant.parse("2026-01-01T00:00:00Z"), lines::add);

    assertThat(lines)
        .containsExactly(
            new LogLine(Instant.parse("2026-01-01T00:00:01.250Z"), false, "started"),
            new LogLine(Instant.parse("2026-01-01T00:00:02Z"), false, "serving on 8080"));
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
}
