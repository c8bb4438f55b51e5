package dev.paddock.sandbox.kubernetes;

import static dev.paddock.sandbox.kubernetes.MockCluster.LIMITS;
import static dev.paddock.sandbox.kubernetes.MockCluster.NAMESPACE;
import static dev.paddock.sandbox.kubernetes.MockCluster.path;
import static dev.paddock.sandbox.kubernetes.MockCluster.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.paddock.sandbox.Health;
import dev.paddock.sandbox.Limits;
import dev.paddock.sandbox.Sandbox;
import dev.paddock.sandbox.SandboxException;
import dev.paddock.sandbox.SandboxSpec;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Kubernetes driver's life cycle of sandboxes, against fabric8's mock API server. */
@EnableKubernetesMockClient(crud = true)
class KubernetesSandboxDriverTest {

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

    cluster.status(started, s -> s.withPhase("Running").withPodIP("10.1.2.3"));
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
  void aRefusalOfTheApiIsASandboxExceptionThatSaysWhat() {
    server
        .expect()
        .post()
        .withPath("/api/v1/namespaces/" + NAMESPACE + "/pods")
        .andReturn(
            403,
            new StatusBuilder().withCode(403).withMessage("exceeded quota: paddock-quota").build())
        .once();

    assertThatThrownBy(() -> driver.start(spec(1, "hello", 0, 1)))
        .isInstanceOf(SandboxException.class)
        .hasMessageContaining("Kubernetes refused to start hello-0-")
        .hasMessageContaining("403")
        .hasMessageContaining("exceeded quota");
  }

  @Test
  void resizingChangesCpusInPlaceRecordsPidsAndIsIdempotent() throws Exception {
    Sandbox sandbox = driver.start(spec(1, "hello", 0, 1));
    assertThat(driver.resize(sandbox, LIMITS)).isEmpty();

    Limits more = new Limits(LIMITS.memory(), 1.5, 256);
    Pod resized = cluster.pod(sandbox);
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
    assertThat(cluster.pod(sandbox).getMetadata().getAnnotations())
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
        .andReturn(404, new StatusBuilder().withCode(404).build())
        .once();

    assertThat(driver.resize(sandbox, new Limits(LIMITS.memory(), 2, LIMITS.pids()))).isEmpty();
  }

  @Test
  void theWatchReportsTheAppOfAPodThatStopsOrGoes() {
    Sandbox hello = driver.start(spec(1, "hello", 0, 1));
    Sandbox other = driver.start(spec(2, "other", 0, 1));
    List<Long> exits = new CopyOnWriteArrayList<>();
    driver.watch(exits::add);
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> driver.watching());
      cluster.status(hello, s -> s.withPhase("Running"));
      cluster.status(
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
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(exits).containsExactly(1L));
      int requests = server.getRequestCount();
      assertThat(driver.probe(hello)).isEqualTo(new Health.Down("exited with code 3"));
      assertThat(server.getRequestCount()).as("probed from what the watch saw").isEqualTo(requests);

      driver.remove(other, Duration.ZERO);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(exits).containsExactly(1L, 2L));
    } finally {
      driver.close();
    }
  }
}
