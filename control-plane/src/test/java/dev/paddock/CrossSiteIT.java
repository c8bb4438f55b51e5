package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import com.sun.net.httpserver.HttpServer;
import dev.paddock.support.Chromium;
import dev.paddock.support.InProcessPaddock;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.Tenancy;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * A page that a tenant's app serves on a host name next to the dashboard's (the same site, as with
 * {@code console.example.com} and {@code web.acme.example.com}) cannot act with a signed-in user's
 * session: it may plant cookies for the whole site and send requests that carry the session cookie,
 * and every change is refused.
 */
class CrossSiteIT extends InProcessPaddock {

  private static final String PASSWORD = "a cross-site password";

  /** The attacker's page: plants a CSRF cookie site-wide, then tries changes with it. */
  private static final String ATTACK =
      """
      <!doctype html><title>working</title><script>
      (async () => {
        document.cookie = 'XSRF-TOKEN=forged; domain=paddock.test; path=/';
        const app = 'API/web';
        const post = {method: 'POST', mode: 'no-cors', credentials: 'include'};
        const text = {...post, headers: {'Content-Type': 'text/plain'}};
        for (const [url, init] of [
          [app + '/releases?_csrf=forged', {...text, body: 'PK'}],
          [app + '/deploys?_csrf=forged', post],
          [app + '/restart?_csrf=forged', post],
          ['API?_csrf=forged', {...text, body: '{"name": "pwned"}'}],
        ]) {
          await fetch(url, init).catch(() => {});
        }
        document.title = 'done';
      })();
      </script>
      """;

  @Test
  void aPageOnASiblingHostCannotMakeTheSignedInUserChangeAnything() throws Exception {
    Tenancy acme = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("victim"));
    acme.createApp("web");
    String user = Infrastructure.uniqueName("ada");
    api().post("api/v1/users", ADMIN, Map.of("name", user, "password", PASSWORD));
    api()
        .put(
            "api/v1/tenants/" + acme.tenant() + "/members/" + user,
            acme.token(),
            Map.of("role", "owner"));
    String console = "http://console.paddock.test:%d/".formatted(port);
    HttpServer evil = attacker(ATTACK.replace("API", console + acme.apps()));
    try (Playwright playwright = Chromium.playwright();
        Browser chromium =
            Chromium.launch(playwright, "--host-resolver-rules=MAP *.paddock.test 127.0.0.1")) {
      Page page = chromium.newContext().newPage();
      page.navigate(console);
      page.getByLabel("User name").fill(user);
      page.getByLabel("Password").fill(PASSWORD);
      page.getByLabel("Password").press("Enter");
      page.waitForSelector("text=Sign out");

      page.navigate("http://web.paddock.test:%d/".formatted(evil.getAddress().getPort()));
      page.waitForFunction("document.title === 'done'");

      List<String> refused =
          audit(acme).stream().filter(e -> e.endsWith(" 403")).map(e -> e.split(" ")[1]).toList();
      String apps = "/" + acme.apps();
      assertThat(refused)
          .contains(apps + "/web/releases", apps + "/web/deploys", apps + "/web/restart", apps);
      assertThat(api().get(acme.apps() + "/web/releases", acme.token()).json().size()).isZero();
      assertThat(api().get(acme.apps(), acme.token()).json().size()).isEqualTo(1);

      // The dashboard itself, in the same browser, still acts with the session.
      page.navigate(console + "#/t/" + acme.tenant());
      page.getByLabel("New app").fill("mine");
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create")).click();
      page.waitForSelector("h1:has-text('mine')");
      assertThat(api().get(acme.apps(), acme.token()).json().size()).isEqualTo(2);
    } finally {
      evil.stop(0);
      acme.deleteApp("web", INSTALLATION);
      api().delete(acme.apps() + "/mine", acme.token());
    }
  }

  private static HttpServer attacker(String page) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] body = page.getBytes(StandardCharsets.UTF_8);
    server.createContext(
        "/",
        exchange -> {
          exchange.getResponseHeaders().set("Content-Type", "text/html");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    return server;
  }

  /** The tenant's audit log, one "method path status" line per entry. */
  private List<String> audit(Tenancy tenancy) {
    var entries = api().get("api/v1/tenants/" + tenancy.tenant() + "/audit", tenancy.token());
    return StreamSupport.stream(entries.json().spliterator(), false)
        .map(
            e ->
                String.join(
                    " ",
                    e.get("method").asString(),
                    e.get("path").asString(),
                    e.get("status").asString()))
        .toList();
  }
}
