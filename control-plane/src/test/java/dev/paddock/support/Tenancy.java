package dev.paddock.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The README walkthrough's steps against one API, for tests to compose. */
public record Tenancy(Api api, String admin, String tenant, String token) {

  /** Creates a tenant as the admin and mints an owner token for it. */
  public static Tenancy create(Api api, String admin, String tenant) {
    assertThat(api.post("api/v1/tenants", admin, Map.of("name", tenant)).status()).isEqualTo(201);
    var minted =
        api.post(
            "api/v1/tenants/" + tenant + "/tokens",
            admin,
            Map.of("name", "owner", "role", "owner"));
    assertThat(minted.status()).isEqualTo(201);
    return new Tenancy(api, admin, tenant, minted.text("token"));
  }

  public String apps() {
    return "api/v1/tenants/" + tenant + "/apps";
  }

  public void createApp(String app) {
    var created = api.post(apps(), token, Map.of("name", app));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
  }

  /** Uploads the jar and deploys it; returns the deploy's id. */
  public long uploadAndDeploy(String app, Path jar) {
    int version = upload(app, jar);
    return rollout(app, "deploys", "{\"release\": " + version + "}");
  }

  /** Uploads the jar as a new release; returns its version. */
  public int upload(String app, Path jar) {
    var release = api.upload(apps() + "/" + app + "/releases", token, jar);
    assertThat(release.status()).as(release.body()).isEqualTo(201);
    return release.json().get("version").asInt();
  }

  /** Starts a rollout ({@code deploys}, {@code restart} or {@code rollback}); returns its id. */
  public long rollout(String app, String action, String body) {
    var accepted = api.post(apps() + "/" + app + "/" + action, token, body);
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
    return accepted.json().get("id").asLong();
  }

  public Api.Response deploy(String app, long id) {
    return api.get(apps() + "/" + app + "/deploys/" + id, token);
  }

  /** Waits for the deploy to end and returns its final status. */
  public String awaitDeploy(String app, long id) {
    return awaitDeploy(app, id, Duration.ofSeconds(120));
  }

  /** Waits up to {@code deadline} for the deploy to end and returns its final status. */
  public String awaitDeploy(String app, long id, Duration deadline) {
    String path = apps() + "/" + app + "/deploys/" + id;
    await()
        .atMost(deadline)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> !api.get(path, token).text("status").equals("pending"));
    return api.get(path, token).text("status");
  }

  public Api.Response app(String app) {
    return api.get(apps() + "/" + app, token);
  }

  public String host(String app) {
    return app + "." + tenant + ".localhost";
  }

  /** Deletes the app and waits until its sandboxes are gone. */
  public void deleteApp(String app, String installation) {
    api.delete(apps() + "/" + app, token);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                Infrastructure.containersOf(installation).stream()
                    .noneMatch(
                        c ->
                            app.equals(c.getLabels().get("paddock.app"))
                                && tenant.equals(c.getLabels().get("paddock.tenant"))));
  }
}
