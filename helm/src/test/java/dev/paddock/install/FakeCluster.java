package dev.paddock.install;

import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An in-process Kubernetes API server for the chart's {@code lookup}s: the embedded Helm's template
 * asks the cluster named by {@code KUBECONFIG} (set by the build) for the Secrets it keeps across
 * upgrades, and a real {@code helm template} finds none.
 */
final class FakeCluster implements AutoCloseable {

  // Its one line per request drowns the test output.
  private static final Logger SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private FakeCluster(KubernetesMockServer server) {
    this.server = server;
    this.client = server.createClient();
  }

  /** Starts the server and points the {@code KUBECONFIG} file at it. */
  static FakeCluster start() {
    SERVER_LOG.setLevel(Level.WARNING);
    Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    var server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            expectations,
            new KubernetesMixedDispatcher(expectations),
            false);
    server.init();
    // Discovery, which lookup asks before the Secret itself; the CRUD part answers the rest.
    server
        .expect()
        .get()
        .withPath("/api/v1?timeout=32s")
        .andReturn(
            200,
            new APIResourceListBuilder()
                .withGroupVersion("v1")
                .addNewResource()
                .withName("secrets")
                .withKind("Secret")
                .withNamespaced(true)
                .withVerbs("get", "list")
                .endResource()
                .build())
        .always();
    writeKubeconfig(server.url("/").replaceAll("/$", ""));
    return new FakeCluster(server);
  }

  /** Stores a Secret, as an earlier install would have left it. */
  void secret(String namespace, String name, String key, String value) {
    client
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .addToData(
                    key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)))
                .build())
        .create();
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }

  private static void writeKubeconfig(String url) {
    String file = System.getenv("KUBECONFIG");
    if (file == null) {
      throw new IllegalStateException(
          "KUBECONFIG is unset: run through Maven, which points it at a file under target/");
    }
    try {
      Files.writeString(
          Path.of(file),
          """
          apiVersion: v1
          kind: Config
          clusters: [{name: fake, cluster: {server: "%s"}}]
          contexts: [{name: fake, context: {cluster: fake}}]
          current-context: fake
          """
              .formatted(url));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
