package dev.paddock.sandbox.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.reconcile.Reconciler;
import dev.paddock.sandbox.SandboxDriver;
import dev.paddock.support.Api;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.Tenancy;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The control plane in Kubernetes mode, on real PostgreSQL and httpd, against fabric8's mock API
 * server, with this test playing the kubelet (pods become ready): a deploy through the API goes
 * live on a pod behind the app's Service, which the edge proxies to; a second deploy replaces the
 * pod; deleting the app removes its pod and Service. The orphan pass removes a pod of this
 * installation whose app does not exist, and leaves another installation's pods alone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(KubernetesModeIT.MockCluster.class)
@DirtiesContext
class KubernetesModeIT {

  static final String INSTALLATION = Infrastructure.uniqueName("k8s");
  static final Path DATA = Infrastructure.dataDir();
  static final Map<ServerRequest, Queue<ServerResponse>> EXPECTATIONS = new HashMap<>();
  static final KubernetesMockServer CLUSTER =
      new KubernetesMockServer(
          new Context(Serialization.jsonMapper()),
          new MockWebServer(),
          EXPECTATIONS,
          new KubernetesMixedDispatcher(EXPECTATIONS),
          false);

  static {
    CLUSTER.init();
  }

  @TestConfiguration(proxyBeanMethods = false)
  static class MockCluster {
    @Bean(destroyMethod = "close")
    @Primary
    KubernetesClient mockKubernetesClient() {
      return CLUSTER.createClient();
    }

    /** Runs as the context closes, after its httpd stopped (it needs the pid file in DATA). */
    @Bean
    AutoCloseable cleanUp() {
      return () -> {
        CLUSTER.destroy();
        Infrastructure.deleteDataDir(DATA);
      };
    }
  }

  @DynamicPropertySource
  static void paddock(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", Infrastructure::newDatabase);
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("paddock.name", () -> INSTALLATION);
    registry.add("paddock.data-dir", DATA::toString);
    registry.add("paddock.admin-token", () -> "admin-" + INSTALLATION);
    int edgePort = Infrastructure.freePort();
    registry.add("paddock.edge.port", () -> edgePort);
    registry.add("paddock.edge.httpd.stop-on-exit", () -> true);
    registry.add("paddock.sandbox.driver", () -> "kubernetes");
    registry.add("paddock.sandbox.drain-timeout", () -> "1s");
    registry.add("paddock.kubernetes.artifact-port", () -> 0);
  }

  @Autowired Reconciler reconciler;
  @Autowired SandboxDriver driver;
  @Autowired KubernetesClient client;
  @LocalServerPort int port;

  @BeforeAll
  static void services() {
    Infrastructure.requireHttpd();
  }

  @Test
  void anAppIsDeployedReplacedAndDeletedThroughTheApi() throws Exception {
    Thread kubelet = Thread.ofVirtual().start(this::readyEveryPod);
    try {
      String tenant = Infrastructure.uniqueName("acme");
      Tenancy acme = Tenancy.create(api(), "admin-" + INSTALLATION, tenant);
      acme.createApp("web");
      long first = acme.uploadAndDeploy("web", Api.example("hello-handler"));
      assertThat(acme.awaitDeploy("web", first)).isEqualTo("live");

      String namespace = "paddock-" + tenant;
      Pod pod = onlyPod(namespace);
      assertThat(pod.getMetadata().getLabels()).containsEntry(PodLabels.APP, "web");
      assertThat(pod.getSpec().getInitContainers()).singleElement();
      assertThat(client.services().inNamespace(namespace).withName("web").get()).isNotNull();
      assertThat(Files.readString(DATA.resolve("httpd/vhosts.conf")))
          .contains("ProxyPass / \"http://web.%s.svc:80/\"".formatted(namespace))
          .doesNotContain("unix:");

      long second = acme.rollout("web", "restart", "{}");
      assertThat(acme.awaitDeploy("web", second)).isEqualTo("live");
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(onlyPod(namespace).getMetadata().getName())
                      .isNotEqualTo(pod.getMetadata().getName()));

      assertThat(api().delete(acme.apps() + "/web", acme.token()).status()).isEqualTo(204);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(client.pods().inNamespace(namespace).list().getItems()).isEmpty();
                assertThat(client.services().inNamespace(namespace).withName("web").get()).isNull();
              });
    } finally {
      kubelet.interrupt();
    }
  }

  @Test
  void thePodOfAnAppThatDoesNotExistIsRemovedAndAnotherInstallationsIsNot() {
    assertThat(driver).isInstanceOf(KubernetesSandboxDriver.class);
    Pod orphan = client.resource(pod("orphan-0-abc", INSTALLATION)).create();
    Pod stranger = client.resource(pod("stranger-0-abc", "another-installation")).create();
    assertThat(driver.list()).hasSize(1);

    reconciler.resync();

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(client.resource(orphan).get()).isNull());
    assertThat(client.resource(stranger).get()).isNotNull();
    assertThat(driver.list()).isEmpty();
  }

  private Api api() {
    return new Api(URI.create("http://127.0.0.1:" + port + "/"));
  }

  private Pod onlyPod(String namespace) {
    List<Pod> pods = client.pods().inNamespace(namespace).list().getItems();
    assertThat(pods).hasSize(1);
    return pods.getFirst();
  }

  /** The kubelet's part: every pod of this installation runs and is ready. */
  private void readyEveryPod() {
    while (!Thread.currentThread().isInterrupted()) {
      for (Pod pod :
          client
              .pods()
              .inAnyNamespace()
              .withLabel(PodLabels.MANAGED_BY, INSTALLATION)
              .list()
              .getItems()) {
        if (pod.getStatus() == null || !"Running".equals(pod.getStatus().getPhase())) {
          client
              .pods()
              .inNamespace(pod.getMetadata().getNamespace())
              .withName(pod.getMetadata().getName())
              .editStatus(
                  p ->
                      new PodBuilder(p)
                          .withNewStatus()
                          .withPhase("Running")
                          .withPodIP("10.1.2.3")
                          .addNewCondition()
                          .withType("Ready")
                          .withStatus("True")
                          .endCondition()
                          .endStatus()
                          .build());
        }
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static Pod pod(String name, String installation) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("paddock-ghosts")
        .withLabels(
            Map.of(
                PodLabels.MANAGED_BY, installation,
                PodLabels.TENANT, "ghosts",
                PodLabels.APP, "orphan",
                PodLabels.APP_ID, "424242",
                PodLabels.DEPLOY, "1",
                PodLabels.RELEASE, "1",
                PodLabels.SPEC_HASH, "abc",
                PodLabels.SLOT, "0"))
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage("paddock/sandbox:test")
        .endContainer()
        .endSpec()
        .build();
  }
}
