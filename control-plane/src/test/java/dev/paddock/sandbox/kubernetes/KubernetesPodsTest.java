package dev.paddock.sandbox.kubernetes;

import static dev.paddock.sandbox.kubernetes.MockCluster.INSTALLATION;
import static dev.paddock.sandbox.kubernetes.MockCluster.NAMESPACE;
import static dev.paddock.sandbox.kubernetes.MockCluster.SHA;
import static dev.paddock.sandbox.kubernetes.MockCluster.spec;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.sandbox.SandboxCommand;
import dev.paddock.sandbox.SandboxSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pod of a sandbox, and its app's Service. */
@EnableKubernetesMockClient(crud = true)
class KubernetesPodsTest {

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
  void thePodRunsAsTheTenantWithNothingToEscalate() {
    Pod pod = cluster.startAndGet(spec(1, "hello", 0, 1));

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
    Pod pod = cluster.startAndGet(spec(1, "hello", 0, 1));

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
    Pod pod = cluster.startAndGet(spec(1, "hello", 0, 1));

    var tmp = volume(pod, "tmp").getEmptyDir();
    assertThat(tmp.getMedium()).isEqualTo("Memory");
    assertThat(Quantity.getAmountInBytes(tmp.getSizeLimit()).longValue()).isEqualTo(64L << 20);
    assertThat(volume(pod, "app").getEmptyDir()).isNotNull();

    Container fetch = fetch(pod);
    assertThat(fetch.getImage()).isEqualTo("paddock/sandbox:test");
    String url =
        "http://paddock.paddock.svc:8081/artifacts/%s?tenant=acme&signature=%s"
            .formatted(SHA, cluster.links.sign("acme", SHA));
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
    assertThat(app.getArgs()).isEqualTo(SandboxCommand.of(spec(1, "hello", 0, 1)));
    assertThat(app.getVolumeMounts())
        .extracting(m -> m.getName() + ":" + m.getMountPath() + ":" + m.getReadOnly())
        .containsExactlyInAnyOrder("tmp:/tmp:false", "app:/app:true");
  }

  @Test
  void thePodHasTheRunnersEnvironmentButNoSocketAndIsReadyWhenTheRunnerSaysSo() {
    Container app = app(cluster.startAndGet(spec(1, "hello", 0, 1)));

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
    Pod pod = cluster.startAndGet(spec);

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

  private static Volume volume(Pod pod, String name) {
    return pod.getSpec().getVolumes().stream()
        .filter(v -> v.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }
}
