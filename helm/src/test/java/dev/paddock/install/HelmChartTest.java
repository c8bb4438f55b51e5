package dev.paddock.install;

import static dev.paddock.install.Manifests.FULLNAME;
import static dev.paddock.install.Manifests.env;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Lints the chart and checks what it renders, with its defaults and with every option turned. */
class HelmChartTest {

  private static FakeCluster cluster;
  private static Manifests defaults;

  /** Everything the defaults leave off, on, with an external PostgreSQL. */
  private static final Map<String, Object> TURNED =
      Map.ofEntries(
          Map.entry("replicas", 3),
          Map.entry("postgresql.bundled.enabled", false),
          Map.entry("postgresql.url", "jdbc:postgresql://db.example.com:5432/paddock"),
          Map.entry("postgresql.password", "s3cret"),
          Map.entry("ingress.enabled", true),
          Map.entry("ingress.apiHost", "paddock.example.org"),
          Map.entry("edge.baseDomain", "apps.example.org"),
          Map.entry("edge.service.type", "LoadBalancer"),
          Map.entry("controlPlane.resources.limits.memory", "2Gi"),
          Map.entry("edge.resources.limits.cpu", "4"),
          Map.entry("admin.existingSecret", "paddock-admin"),
          Map.entry("api.allowedFrom[0].ipBlock.cidr", "10.0.0.0/8"));

  @BeforeAll
  static void render() {
    cluster = FakeCluster.start();
    defaults = Manifests.render(Map.of());
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void chartLintsWithoutFailures() {
    LintResult lint = new Helm(Manifests.CHART).lint().call();
    lint.getMessages().forEach(System.out::println);
    assertThat(lint.isFailed()).as("helm lint: %s", lint.getMessages()).isFalse();
  }

  @Test
  void everyValueIsDocumentedOnTheLineAboveIt() throws IOException {
    List<String> lines = Files.readAllLines(Manifests.CHART.resolve("values.yaml"));
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).matches("\\s*[A-Za-z][\\w-]*:.*")) {
        assertThat(lines.get(i - 1).strip()).as(lines.get(i)).startsWith("#");
      }
    }
  }

  @Test
  void defaultsRunTwoReplicasThatShareTheirProcesses() {
    assertThat(defaults.deployment().at("/spec/replicas").asInt()).isEqualTo(2);
    assertThat(defaults.podSpec().path("shareProcessNamespace").asBoolean()).isTrue();
    assertThat(defaults.one("PodDisruptionBudget", FULLNAME).at("/spec/minAvailable").asInt())
        .isEqualTo(1);
    assertThat(defaults.all("Ingress")).isEmpty();
  }

  @Test
  void everyContainerRunsLockedDownWithinLimits() {
    for (Manifests release : List.of(defaults, Manifests.render(TURNED))) {
      Stream.concat(
              release.podSpec().path("containers").valueStream(),
              release.all("StatefulSet").stream()
                  .flatMap(s -> s.at("/spec/template/spec/containers").valueStream()))
          .forEach(HelmChartTest::assertLockedDown);
    }
    assertThat(defaults.podSpec().path("containers").size()).isEqualTo(2);
  }

  @Test
  void controlPlaneIsProbedOnActuatorAndTheEdgeOnItsPort() {
    JsonNode controlPlane = defaults.container("control-plane");
    assertThat(controlPlane.at("/readinessProbe/httpGet/path").asString())
        .isEqualTo("/actuator/health/readiness");
    assertThat(controlPlane.at("/livenessProbe/httpGet/path").asString())
        .isEqualTo("/actuator/health/liveness");
    assertThat(controlPlane.at("/livenessProbe/httpGet/port").asString()).isEqualTo("http");
    assertThat(ports(controlPlane)).containsExactly(8080, 8081);
    JsonNode edge = defaults.container("edge");
    assertThat(edge.at("/readinessProbe/tcpSocket/port").asString()).isEqualTo("edge");
    assertThat(ports(edge)).containsExactly(8000);
  }

  @Test
  void theControlPlaneWritesAndReloadsTheEdgeOfItsOwnPod() {
    JsonNode controlPlane = defaults.container("control-plane");
    Map.of(
            "PADDOCK_SANDBOX_DRIVER", "kubernetes",
            "SERVER_ADDRESS", "0.0.0.0",
            "PADDOCK_EDGE_HTTPD_MODE", "external",
            "PADDOCK_EDGE_HTTPD_VHOSTS_FILE", "/edge/vhosts.conf",
            "PADDOCK_EDGE_HTTPD_RELOAD_COMMAND", "/etc/paddock-edge/reload",
            "PADDOCK_KUBERNETES_NAMESPACE_PREFIX", "paddock-",
            "PADDOCK_KUBERNETES_CONTROL_PLANE_NAMESPACE", Manifests.NAMESPACE,
            "PADDOCK_KUBERNETES_ARTIFACT_PORT", "8081",
            "PADDOCK_KUBERNETES_ARTIFACT_HOST", FULLNAME + "." + Manifests.NAMESPACE + ".svc",
            "PADDOCK_KUBERNETES_CLUSTER_CIDRS",
                "10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,100.64.0.0/10,169.254.0.0/16")
        .forEach(
            (name, value) ->
                assertThat(env(controlPlane, name).path("value").asString()).isEqualTo(value));
    assertThat(
            env(controlPlane, "PADDOCK_KUBERNETES_ARTIFACT_KEY")
                .at("/valueFrom/secretKeyRef/name")
                .asString())
        .isEqualTo(FULLNAME + "-artifacts");
    // Apps' URLs name the edge Service's port, not httpd's.
    assertThat(env(controlPlane, "PADDOCK_EDGE_PUBLIC_PORT").path("value").asString())
        .isEqualTo("80");
    assertThat(defaults.one("Secret", FULLNAME + "-artifacts").at("/data/key").asString())
        .isNotBlank();
    JsonNode edge = defaults.container("edge");
    assertThat(edge.path("command").valueStream().map(JsonNode::asString))
        .containsExactly("apache2", "-f", "/etc/paddock-edge/httpd.conf", "-DFOREGROUND");
    assertThat(mounts(controlPlane)).contains("/edge", "/etc/paddock-edge");
    assertThat(mounts(edge)).contains("/edge", "/etc/paddock-edge");
    // The Kubernetes API token: for the sandbox driver, not for the container facing tenants.
    assertThat(defaults.podSpec().path("automountServiceAccountToken").asBoolean(true)).isFalse();
    assertThat(mounts(controlPlane)).contains("/var/run/secrets/kubernetes.io/serviceaccount");
    assertThat(mounts(edge)).noneMatch(m -> m.startsWith("/var/run/secrets"));

    JsonNode config = defaults.one("ConfigMap", FULLNAME + "-edge").path("data");
    assertThat(config.path("httpd.conf").asString())
        .contains(
            "Listen 8000", "PidFile \"/edge/httpd.pid\"", "IncludeOptional /edge/vhosts.conf");
    assertThat(config.path("reload").asString())
        .contains("exec apache2 -f /etc/paddock-edge/httpd.conf -k graceful");
  }

  @Test
  void clusterRoleGrantsExactlyWhatTheSandboxDriverNeeds() {
    JsonNode role = defaults.one("ClusterRole", FULLNAME + "-" + Manifests.NAMESPACE);
    Set<String> grants = new HashSet<>();
    for (JsonNode rule : role.path("rules")) {
      for (JsonNode group : rule.path("apiGroups")) {
        for (JsonNode resource : rule.path("resources")) {
          for (JsonNode verb : rule.path("verbs")) {
            grants.add(group.asString() + "/" + resource.asString() + ":" + verb.asString());
          }
        }
      }
    }
    // What the Kubernetes driver calls (fabric8's edit is a PATCH), and nothing more.
    Set<String> expected = new HashSet<>();
    List.of("get", "create", "patch").forEach(v -> expected.add("/namespaces:" + v));
    List.of("get", "list", "watch", "create", "patch", "delete")
        .forEach(v -> expected.add("/pods:" + v));
    expected.add("/pods/resize:patch");
    expected.add("/pods/log:get");
    expected.add("metrics.k8s.io/pods:get");
    List.of("get", "list", "create", "patch", "delete")
        .forEach(v -> expected.add("/services:" + v));
    List.of("get", "create", "patch", "delete").forEach(v -> expected.add("/resourcequotas:" + v));
    List.of("get", "create", "patch")
        .forEach(v -> expected.add("networking.k8s.io/networkpolicies:" + v));
    assertThat(grants).noneMatch(g -> g.contains("*") || g.contains("secrets"));
    assertThat(grants).isEqualTo(expected);
    assertThat(defaults.all("Role")).isEmpty();
    JsonNode binding = defaults.one("ClusterRoleBinding", FULLNAME + "-" + Manifests.NAMESPACE);
    assertThat(binding.at("/subjects/0/name").asString())
        .isEqualTo(defaults.podSpec().path("serviceAccountName").asString());
  }

  @Test
  void networkPoliciesOpenTheApiAndEdgeToAllAndArtifactsToTenantsOnly() {
    JsonNode rules = defaults.one("NetworkPolicy", FULLNAME).at("/spec/ingress");
    assertThat(rules.valueStream().map(r -> r.at("/ports/0/port").asInt()))
        .containsExactly(8080, 8000, 8081);
    assertThat(rules.path(0).has("from")).isFalse();
    assertThat(rules.path(1).has("from")).isFalse();
    assertThat(rules.at("/2/from/0/namespaceSelector/matchLabels/paddock.dev~1tenant-namespace"))
        .hasToString("\"true\"");
    assertThat(rules.at("/2/from").size()).isEqualTo(1);

    JsonNode postgres = defaults.one("NetworkPolicy", FULLNAME + "-postgresql").at("/spec/ingress");
    assertThat(postgres.size()).isEqualTo(1);
    assertThat(postgres.at("/0/ports/0/port").asInt()).isEqualTo(5432);
    assertThat(postgres.at("/0/from/0/podSelector/matchLabels/app.kubernetes.io~1component"))
        .hasToString("\"control-plane\"");
  }

  @Test
  void everyOptionReachesTheObjects() {
    Manifests turned = Manifests.render(TURNED);
    assertThat(turned.deployment().at("/spec/replicas").asInt()).isEqualTo(3);
    assertThat(turned.all("StatefulSet")).isEmpty();
    assertThat(turned.find("NetworkPolicy", FULLNAME + "-postgresql")).isEmpty();
    assertThat(turned.container("control-plane").at("/resources/limits/memory").asString())
        .isEqualTo("2Gi");
    assertThat(turned.container("edge").at("/resources/limits/cpu").asString()).isEqualTo("4");

    JsonNode edge = turned.one("Service", FULLNAME + "-edge").path("spec");
    assertThat(edge.path("type").asString()).isEqualTo("LoadBalancer");
    assertThat(edge.at("/ports/0/port").asInt()).isEqualTo(80);
    assertThat(edge.at("/ports/0/targetPort").asString()).isEqualTo("edge");
    JsonNode ingress = turned.one("Ingress", FULLNAME).at("/spec/rules");
    assertThat(ingress.valueStream().map(r -> r.path("host").asString()))
        .containsExactly("paddock.example.org", "*.apps.example.org");
    assertThat(ingress.at("/1/http/paths/0/backend/service/name").asString())
        .isEqualTo(FULLNAME + "-edge");
    assertThat(turned.one("NetworkPolicy", FULLNAME).at("/spec/ingress/0/from/0/ipBlock/cidr"))
        .hasToString("\"10.0.0.0/8\"");
  }

  @Test
  void httpsIsOffByDefaultAndWithAnAcmeDirectoryServes443WithItsStoreOnAClaim() {
    assertThat(ports(defaults.container("edge"))).containsExactly(8000);
    assertThat(defaults.one("Service", FULLNAME + "-edge").at("/spec/ports").size()).isEqualTo(1);
    assertThat(defaults.all("PersistentVolumeClaim")).isEmpty();
    assertThat(defaults.one("ConfigMap", FULLNAME + "-edge").at("/data/httpd.conf").asString())
        .doesNotContain("Listen 8443")
        .doesNotContain("mod_md");

    Manifests https =
        Manifests.render(
            Map.of(
                "edge.acme.directory", "https://acme-v02.api.letsencrypt.org/directory",
                "edge.acme.email", "ops@example.org"));

    JsonNode edge = https.container("edge");
    assertThat(ports(edge)).containsExactly(8000, 8443);
    assertThat(mounts(edge)).contains("/edge-md");
    JsonNode service = https.one("Service", FULLNAME + "-edge").at("/spec/ports");
    assertThat(service.valueStream().map(p -> p.path("port").asInt() + ">" + p.path("targetPort")))
        .containsExactly("80>\"edge\"", "443>\"edge-https\"");
    JsonNode controlPlane = https.container("control-plane");
    Map.of(
            "PADDOCK_EDGE_HTTPS_PORT", "8443",
            "PADDOCK_EDGE_PUBLIC_HTTPS_PORT", "443",
            "PADDOCK_EDGE_ACME_DIRECTORY", "https://acme-v02.api.letsencrypt.org/directory",
            "PADDOCK_EDGE_ACME_EMAIL", "ops@example.org",
            "PADDOCK_EDGE_ACME_STORE", "/edge-md",
            "PADDOCK_EDGE_ACME_STATUS_PORT", "8009")
        .forEach(
            (name, value) ->
                assertThat(env(controlPlane, name).path("value").asString())
                    .as(name)
                    .isEqualTo(value));
    // The control plane's own config test needs no store: only the edge writes it.
    assertThat(mounts(controlPlane)).doesNotContain("/edge-md");
    assertThat(https.one("ConfigMap", FULLNAME + "-edge").at("/data/httpd.conf").asString())
        .contains("Listen 8443\n")
        .contains("LoadModule ssl_module modules/mod_ssl.so\n")
        .contains("LoadModule http2_module modules/mod_http2.so\n")
        .contains("LoadModule md_module modules/mod_md.so\n");
    JsonNode claim = https.one("PersistentVolumeClaim", FULLNAME + "-edge-md");
    assertThat(claim.at("/spec/accessModes/0").asString()).isEqualTo("ReadWriteMany");
    assertThat(claim.at("/metadata/annotations/helm.sh~1resource-policy").asString())
        .isEqualTo("keep");
    assertThat(
            https
                .podSpec()
                .path("volumes")
                .valueStream()
                .filter(v -> v.path("name").asString().equals("edge-md"))
                .map(v -> v.at("/persistentVolumeClaim/claimName").asString()))
        .containsExactly(FULLNAME + "-edge-md");
    assertThat(https.one("NetworkPolicy", FULLNAME).at("/spec/ingress/1/ports").toString())
        .contains("8443");
  }

  @Test
  void anAcmeDirectoryWithoutAContactAddressIsRefused() {
    assertThatThrownBy(
            () ->
                Manifests.render(
                    Map.of(
                        "edge.acme.directory", "https://acme-v02.api.letsencrypt.org/directory")))
        .hasMessageContaining("set edge.acme.email");
  }

  @Test
  void oneReplicaHasNoDisruptionBudget() {
    assertThat(Manifests.render(Map.of("replicas", 1)).all("PodDisruptionBudget")).isEmpty();
  }

  private static void assertLockedDown(JsonNode container) {
    JsonNode security = container.path("securityContext");
    String name = container.path("name").asString();
    assertThat(security.path("runAsNonRoot").asBoolean()).as(name).isTrue();
    assertThat(security.path("readOnlyRootFilesystem").asBoolean()).as(name).isTrue();
    assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).as(name).isFalse();
    assertThat(security.at("/capabilities/drop").valueStream().map(JsonNode::asString))
        .as(name)
        .containsExactly("ALL");
    assertThat(security.at("/seccompProfile/type").asString()).as(name).isEqualTo("RuntimeDefault");
    for (String bound : List.of("requests", "limits")) {
      assertThat(container.at("/resources/" + bound).propertyNames())
          .as(name + " " + bound)
          .contains("cpu", "memory");
    }
  }

  private static List<Integer> ports(JsonNode container) {
    return container.path("ports").valueStream().map(p -> p.path("containerPort").asInt()).toList();
  }

  private static List<String> mounts(JsonNode container) {
    return container
        .path("volumeMounts")
        .valueStream()
        .map(m -> m.path("mountPath").asString())
        .toList();
  }
}
