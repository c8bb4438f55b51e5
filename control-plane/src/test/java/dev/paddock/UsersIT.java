package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.support.Api;
import dev.paddock.support.Browser;
import dev.paddock.support.InProcessPaddock;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.Tenancy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Users sign in to the dashboard with a password and act with their role in each of their tenants;
 * a session is a cookie, so every change made with it must carry the CSRF token.
 */
class UsersIT extends InProcessPaddock {

  private static final String PASSWORD = "correct horse battery";

  @Autowired JdbcClient db;

  @Test
  void aUserActsWithTheirRoleInEachOfTheirTenantsAndNowhereElse() {
    Tenancy acme = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("acme"));
    Tenancy globex = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("globex"));
    Tenancy initech = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("initech"));
    String alice = createUser(Infrastructure.uniqueName("alice"));
    assertThat(member(acme, acme.token(), alice, "developer").status()).isEqualTo(200);
    assertThat(member(globex, ADMIN, alice, "viewer").status()).isEqualTo(200);
    Browser browser = browser();

    var signedIn = browser.signIn(alice, PASSWORD);

    assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(200);
    assertThat(signedIn.text("name")).isEqualTo("user:" + alice);
    assertThat(roles(signedIn.json()))
        .containsExactlyInAnyOrder(acme.tenant() + " developer", globex.tenant() + " viewer");
    var session = browser.rawCookie("PADDOCK_SESSION").orElseThrow();
    assertThat(session.isHttpOnly()).isTrue();
    assertThat(names(browser.get("api/v1/tenants").json()))
        .containsExactlyInAnyOrder(acme.tenant(), globex.tenant());

    assertThat(browser.send("POST", acme.apps(), Map.of("name", "web"), true).status())
        .isEqualTo(201);
    assertThat(browser.send("POST", globex.apps(), Map.of("name", "web"), true).status())
        .isEqualTo(403);
    assertThat(browser.send("POST", initech.apps(), Map.of("name", "web"), true).status())
        .isEqualTo(404);
    assertThat(browser.get(initech.apps()).status()).isEqualTo(404);

    // A forged request rides on the cookie but cannot send the header: refused, nothing made.
    var forged = browser.send("POST", acme.apps(), Map.of("name", "forged"), false);
    assertThat(forged.status()).isEqualTo(403);
    assertThat(forged.text("type")).endsWith("/csrf");
    assertThat(names(browser.get(acme.apps()).json())).containsExactly("web");

    // A changed role counts from the next request on.
    member(acme, acme.token(), alice, "viewer");
    assertThat(browser.send("DELETE", acme.apps() + "/web", null, true).status()).isEqualTo(403);

    var audit = api().get("api/v1/tenants/" + acme.tenant() + "/audit", acme.token()).body();
    assertThat(audit).contains("\"actor\":\"user:" + alice + "\"");

    // A page sends requests side by side: the session must not change under them.
    String sessionId = sessionId(browser);
    List<Integer> parallel =
        IntStream.range(0, 8).parallel().mapToObj(i -> browser.get("api/v1/me").status()).toList();
    assertThat(parallel).containsOnly(200);
    assertThat(sessionId(browser)).isEqualTo(sessionId);

    assertThat(browser.send("DELETE", "api/v1/session", null, true).status()).isEqualTo(204);
    assertThat(
            db.sql("select count(*) from spring_session where session_id = ?")
                .param(sessionId)
                .query(Long.class)
                .single())
        .isZero();
    assertThat(browser.get("api/v1/me").status()).isEqualTo(401);
    assertThat(browser.get(acme.apps()).status()).isEqualTo(401);
    acme.deleteApp("web", INSTALLATION);
  }

  @Test
  void passwordsAreStoredAsArgon2AndGuessingIsThrottled() {
    String bob = createUser(Infrastructure.uniqueName("bob"));

    assertThat(
            db.sql("select password_hash from users where name = ?")
                .param(bob)
                .query(String.class)
                .single())
        .startsWith("{argon2}$argon2id$")
        .doesNotContain(PASSWORD);
    var unknown = browser().signIn("nobody-" + bob, PASSWORD);
    var wrong = browser().signIn(bob, "not the password");
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(unknown.text("detail")).isEqualTo(wrong.text("detail"));
    for (int i = 1; i < 5; i++) {
      assertThat(browser().signIn(bob, "guess " + i).status()).isEqualTo(401);
    }

    // Five failures for the name: even the right password must wait now.
    var throttled = browser().signIn(bob, PASSWORD);
    assertThat(throttled.status()).isEqualTo(429);
    assertThat(throttled.text("type")).endsWith("/too-many-sign-ins");
    assertThat(throttled.text("detail")).contains("try again in");
    assertThat(throttled.headers().firstValueAsLong("Retry-After").orElseThrow())
        .isBetween(1L, 15 * 60L);

    // Guesses sent side by side count as they start: no more than the bound are ever checked.
    String dave = createUser(Infrastructure.uniqueName("dave"));
    List<Integer> burst =
        IntStream.range(0, 16)
            .parallel()
            .mapToObj(i -> browser().signIn(dave, "guess " + i).status())
            .toList();
    assertThat(burst).allMatch(status -> status == 401 || status == 429 || status == 503);
    assertThat(burst.stream().filter(status -> status == 401).count()).isLessThanOrEqualTo(5);
  }

  @Test
  void badUsersAreRefusedAndNothingIsStored() {
    String name = Infrastructure.uniqueName("carol");
    var shortPassword =
        api().post("api/v1/users", ADMIN, Map.of("name", name, "password", "short"));
    var badName =
        api().post("api/v1/users", ADMIN, Map.of("name", "Carol\nAdmin", "password", PASSWORD));
    var byOwner =
        api()
            .post(
                "api/v1/users",
                Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("t")).token(),
                Map.of("name", name, "password", PASSWORD));

    assertThat(shortPassword.status()).isEqualTo(400);
    assertThat(shortPassword.text("type")).endsWith("/invalid-password");
    assertThat(badName.status()).isEqualTo(400);
    assertThat(badName.text("type")).endsWith("/invalid-user");
    assertThat(byOwner.status()).isEqualTo(403);
    assertThat(browser().signIn("x".repeat(10_000), PASSWORD).status()).isEqualTo(400);
    assertThat(names(api().get("api/v1/users", ADMIN).json())).doesNotContain(name);
    createUser(name);
    assertThat(
            api().post("api/v1/users", ADMIN, Map.of("name", name, "password", PASSWORD)).status())
        .isEqualTo(409);
  }

  @Test
  void aUserChangesTheirPasswordAndADeletedUserIsSignedOutAtOnce() {
    String dave = createUser(Infrastructure.uniqueName("dave"));
    Browser browser = browser();
    assertThat(browser.signIn(dave, PASSWORD).status()).isEqualTo(200);

    var wrongCurrent =
        browser.send(
            "PUT",
            "api/v1/me/password",
            Map.of("current", "not it at all", "password", "a new password"),
            true);
    var changed =
        browser.send(
            "PUT",
            "api/v1/me/password",
            Map.of("current", PASSWORD, "password", "a new password"),
            true);
    var byToken =
        api()
            .put(
                "api/v1/me/password",
                ADMIN,
                Map.of("current", PASSWORD, "password", "a new password"));

    assertThat(wrongCurrent.status()).isEqualTo(403);
    assertThat(changed.status()).isEqualTo(204);
    assertThat(byToken.status()).isEqualTo(403);
    assertThat(browser().signIn(dave, PASSWORD).status()).isEqualTo(401);
    assertThat(browser().signIn(dave, "a new password").status()).isEqualTo(200);
    assertThat(api().delete("api/v1/users/" + dave, ADMIN).status()).isEqualTo(204);
    assertThat(browser.get("api/v1/me").status()).isEqualTo(401);
  }

  private String createUser(String name) {
    var created = api().post("api/v1/users", ADMIN, Map.of("name", name, "password", PASSWORD));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return name;
  }

  private Api.Response member(Tenancy tenancy, String token, String user, String role) {
    return api()
        .put(
            "api/v1/tenants/" + tenancy.tenant() + "/members/" + user, token, Map.of("role", role));
  }

  private static String sessionId(Browser browser) {
    return new String(
        Base64.getDecoder().decode(browser.cookie("PADDOCK_SESSION").orElseThrow()),
        StandardCharsets.UTF_8);
  }

  private Browser browser() {
    return new Browser(URI.create("http://127.0.0.1:" + port + "/"));
  }

  private static List<String> roles(JsonNode me) {
    return StreamSupport.stream(me.get("tenants").spliterator(), false)
        .map(m -> m.get("tenant").asString() + " " + m.get("role").asString())
        .toList();
  }

  private static List<String> names(JsonNode list) {
    return StreamSupport.stream(list.spliterator(), false)
        .map(n -> n.get("name").asString())
        .toList();
  }
}
