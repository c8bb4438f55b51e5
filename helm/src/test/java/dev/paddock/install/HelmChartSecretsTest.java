package dev.paddock.install;

import static dev.paddock.install.Manifests.FULLNAME;
import static dev.paddock.install.Manifests.env;
import static dev.paddock.install.Manifests.secretValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Where the database's URL and credentials and the admin's token come from, and what keeps them.
 */
class HelmChartSecretsTest {

  private static final String URL = "jdbc:postgresql://db.example.com:5432/paddock";
  private static final String CHARTS_SECRET = FULLNAME + "-postgresql";

  private static FakeCluster cluster;

  @BeforeAll
  static void start() {
    cluster = FakeCluster.start();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void theBundledPostgresqlGetsAGeneratedPasswordThatOutlivesAnUninstall() {
    Manifests release = Manifests.render(Map.of());
    JsonNode postgres = release.one("StatefulSet", CHARTS_SECRET);
    assertThat(postgres.at("/spec/replicas").asInt()).isEqualTo(1);
    assertThat(postgres.at("/spec/template/spec/containers/0/image").asString())
        .isEqualTo("postgres:17");
    assertThat(postgres.at("/spec/volumeClaimTemplates/0/spec/resources/requests/storage"))
        .hasToString("\"8Gi\"");
    assertThat(release.one("Service", CHARTS_SECRET).at("/spec/ports/0/port").asInt())
        .isEqualTo(5432);

    JsonNode secret = release.one("Secret", CHARTS_SECRET);
    assertThat(secretValue(secret, "url"))
        .isEqualTo("jdbc:postgresql://demo-paddock-postgresql:5432/paddock");
    assertThat(secretValue(secret, "password")).hasSize(32);
    assertThat(secret.at("/metadata/annotations/helm.sh~1resource-policy")).hasToString("\"keep\"");
    assertDatasourceFrom(release, CHARTS_SECRET, "username", "password");
    assertThat(env(postgres.at("/spec/template/spec/containers/0"), "POSTGRES_PASSWORD").toString())
        .contains("\"name\":\"%s\"".formatted(CHARTS_SECRET));
  }

  @Test
  void anExternalPostgresqlWithAPasswordHasItInTheChartsSecret() {
    Manifests release =
        Manifests.render(
            Map.of(
                "postgresql.bundled.enabled",
                false,
                "postgresql.url",
                URL,
                "postgresql.password",
                "s3cret"));
    assertThat(release.all("StatefulSet")).isEmpty();
    JsonNode secret = release.one("Secret", CHARTS_SECRET);
    assertThat(secretValue(secret, "url")).isEqualTo(URL);
    assertThat(secretValue(secret, "username")).isEqualTo("paddock");
    assertThat(secretValue(secret, "password")).isEqualTo("s3cret");
    assertDatasourceFrom(release, CHARTS_SECRET, "username", "password");
  }

  @Test
  void existingSecretsAreReferencedNotCreated() {
    Manifests release =
        Manifests.render(
            Map.of(
                "postgresql.bundled.enabled", false,
                "postgresql.url", URL,
                "postgresql.existingSecret", "paddock-db",
                "postgresql.existingSecretPasswordKey", "secret",
                "admin.existingSecret", "paddock-admin"));
    assertThat(release.one("Secret", CHARTS_SECRET).path("data").propertyNames())
        .containsExactly("url");
    assertDatasourceFrom(release, "paddock-db", "username", "secret");
    assertThat(release.find("Secret", FULLNAME + "-admin")).isEmpty();
    assertThat(env(release.container("control-plane"), "PADDOCK_ADMIN_TOKEN").toString())
        .contains("\"name\":\"paddock-admin\"", "\"key\":\"token\"");
  }

  @Test
  void anUpgradeKeepsTheGeneratedTokenAndPassword() {
    String namespace = "upgraded";
    cluster.secret(namespace, FULLNAME + "-admin", "token", "token-of-the-install");
    cluster.secret(namespace, CHARTS_SECRET, "password", "password-of-the-install");
    Manifests upgrade = Manifests.render(namespace, Map.of());
    assertThat(secretValue(upgrade.one("Secret", FULLNAME + "-admin"), "token"))
        .isEqualTo("token-of-the-install");
    assertThat(secretValue(upgrade.one("Secret", CHARTS_SECRET), "password"))
        .isEqualTo("password-of-the-install");

    String fresh =
        secretValue(Manifests.render(Map.of()).one("Secret", FULLNAME + "-admin"), "token");
    assertThat(fresh).hasSize(48).isNotEqualTo("token-of-the-install");
  }

  @Test
  void theNotesShowHowToReadTheAdminsToken() {
    assertThat(Manifests.notes(Map.of()))
        .contains(
            "kubectl get secret --namespace paddock-system demo-paddock-admin",
            "-o jsonpath='{.data.token}' | base64 -d");
    assertThat(
            Manifests.notes(Map.of("admin.existingSecret", "mine", "admin.existingSecretKey", "t")))
        .contains("kubectl get secret --namespace paddock-system mine", "{.data.t}");
  }

  @ParameterizedTest
  @MethodSource("wrongDatabases")
  void anythingButExactlyOneDatabaseFailsSayingWhatToSet(
      Map<String, Object> values, String message) {
    assertThatThrownBy(() -> Manifests.render(values)).hasMessageContaining(message);
  }

  static Stream<Arguments> wrongDatabases() {
    return Stream.of(
        Arguments.of(
            Map.of("postgresql.bundled.enabled", false),
            "no database configured: set postgresql.url"),
        Arguments.of(
            Map.of("postgresql.url", URL), "set either postgresql.url (an external PostgreSQL)"),
        Arguments.of(
            Map.of("postgresql.bundled.enabled", false, "postgresql.url", URL),
            "an external PostgreSQL needs credentials"));
  }

  private static void assertDatasourceFrom(
      Manifests release, String credentials, String usernameKey, String passwordKey) {
    JsonNode controlPlane = release.container("control-plane");
    assertThat(env(controlPlane, "SPRING_DATASOURCE_URL").at("/valueFrom/secretKeyRef"))
        .hasToString("{\"name\":\"%s\",\"key\":\"url\"}".formatted(CHARTS_SECRET));
    assertThat(env(controlPlane, "SPRING_DATASOURCE_USERNAME").at("/valueFrom/secretKeyRef"))
        .hasToString("{\"name\":\"%s\",\"key\":\"%s\"}".formatted(credentials, usernameKey));
    assertThat(env(controlPlane, "SPRING_DATASOURCE_PASSWORD").at("/valueFrom/secretKeyRef"))
        .hasToString("{\"name\":\"%s\",\"key\":\"%s\"}".formatted(credentials, passwordKey));
  }
}
