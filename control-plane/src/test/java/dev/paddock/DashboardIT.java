package dev.paddock;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.paddock.support.Api;
import dev.paddock.support.Chromium;
import dev.paddock.support.HttpdProcesses;
import dev.paddock.support.InProcessPaddock;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.Tenancy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The dashboard in a real headless Chromium, against a control plane with real Docker and httpd:
 * what a user does, step by step, with a screenshot of each step in {@code
 * target/screenshots/<test>/}.
 */
class DashboardIT extends InProcessPaddock {

  private static final String PASSWORD = "a dashboard password";
  private static final LocatorAssertions.ContainsTextOptions SLOW =
      new LocatorAssertions.ContainsTextOptions().setTimeout(60_000);

  private static Playwright playwright;
  private static Browser chromium;

  private Tenancy acme;
  private String user;
  private BrowserContext context;
  private Page page;
  private Path screenshots;
  private int shot;
  private final List<String> consoleErrors = new ArrayList<>();

  @BeforeAll
  static void browser() {
    playwright = Chromium.playwright();
    chromium = Chromium.launch(playwright);
  }

  @AfterAll
  static void closeBrowser() {
    if (playwright != null) {
      playwright.close();
    }
  }

  @BeforeEach
  void signedUpUser(TestInfo test) throws Exception {
    acme = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("acme"));
    user = Infrastructure.uniqueName("ada");
    assertThat(
            api().post("api/v1/users", ADMIN, Map.of("name", user, "password", PASSWORD)).status())
        .isEqualTo(201);
    api()
        .put(
            "api/v1/tenants/" + acme.tenant() + "/members/" + user,
            acme.token(),
            Map.of("role", "owner"));
    screenshots = Path.of("target", "screenshots", test.getTestMethod().orElseThrow().getName());
    Files.createDirectories(screenshots);
    context = chromium.newContext(new Browser.NewContextOptions().setViewportSize(1280, 900));
    // Counts the page's open server-sent event streams, so a test can see that a page it left
    // stopped following.
    context.addInitScript(
        """
        window.openStreams = 0;
        window.EventSource = class extends window.EventSource {
          constructor(...args) { super(...args); this.counted = true; window.openStreams++; }
          close() { if (this.counted) { this.counted = false; window.openStreams--; } super.close(); }
        };""");
    page = context.newPage();
    page.onConsoleMessage(
        m -> {
          if (m.type().equals("error")) {
            consoleErrors.add(m.text());
          }
        });
    page.onPageError(consoleErrors::add);
  }

  @AfterEach
  void close() {
    // The page as the test left it, and whatever the browser complained of: the first things to
    // look at when a step fails.
    snap("end");
    consoleErrors.forEach(error -> System.out.println("Browser console error: " + error));
    context.close();
  }

  @Test
  void aUserDeploysWatchesChangesRollsBackAndSignsOut() throws Exception {
    signIn();
    snap("apps");

    // A name the API refuses shows the API's own words, not the browser's.
    page.getByLabel("New app").fill("Web_1");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create")).click();
    assertThat(page.getByRole(AriaRole.ALERT)).containsText("'Web_1' is not a valid name");
    consoleErrors.clear(); // the browser logs the 400 it was just shown

    page.getByLabel("New app").fill("web");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create")).click();
    assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
        .containsText("web");

    // Choosing the jar is what a drop does: both hand the file to the same upload.
    page.locator("#jar").setInputFiles(Api.example("hello-handler"));
    assertThat(page.locator(".steps")).containsText("Rollout live", SLOW);
    assertThat(page.locator(".steps")).containsText("healthy");
    snap("deployed");

    // A look into the JVM: a thread dump in a pre, the heap's classes in a table, the GC log (with
    // the histogram's full collection), a recording.
    // As a user would: asked while the instance is being replaced, the answer says to ask again.
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInSameThread()
        .untilAsserted(
            () -> {
              page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Thread dump"))
                  .click();
              assertThat(page.getByLabel("Thread dump"))
                  .containsText(
                      "\"http-", new LocatorAssertions.ContainsTextOptions().setTimeout(10_000));
            });
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Heap histogram")).click();
    assertThat(page.getByLabel("Heap histogram")).containsText("java.lang.String", SLOW);
    snap("heap histogram");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("GC log")).click();
    assertThat(page.getByLabel("GC log")).containsText("Pause Full", SLOW);
    page.getByLabel("Seconds").fill("2");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Record (JFR)")).click();
    assertThat(
            page.getByRole(
                AriaRole.LINK,
                new Page.GetByRoleOptions().setName("Download the recording (.jfr)")))
        .isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(60_000));

    Page app = context.newPage();
    app.navigate("http://web.%s.localhost:%d/".formatted(acme.tenant(), EDGE_PORT));
    assertThat(app.locator("body")).containsText("Hello from Paddock");
    snap(app, "the app");
    app.close();

    Api.edge(EDGE_PORT, acme.host("web"), "/log?text=dashboard-" + user);
    assertThat(page.getByLabel("Log lines")).containsText("dashboard-" + user, SLOW);
    // Each line says which instance and which sandbox wrote it.
    assertThat(page.locator(".log li", new Page.LocatorOptions().setHasText("dashboard-" + user)))
        .containsText("#0 ");
    page.getByLabel("Search the logs").fill("dashboard-");
    assertThat(page.locator(".log li:visible")).hasCount(1);
    assertThat(page.locator(".chart canvas").first()).isVisible();
    snap("logs and charts");

    page.getByLabel("Memory", new Page.GetByLabelOptions().setExact(true)).fill("320MiB");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save limits")).click();
    assertThat(page.locator("form.grid [role=status]").first())
        .containsText("applied by replacement");
    // A successful save shows no error beside its result.
    assertThat(page.locator("form.grid .error").first()).isHidden();
    assertThat(page.locator("table.instances")).containsText("320MiB", SLOW);
    assertThat(page.getByLabel("JVM memory")).containsText("JVM memory of 320MiB: heap 188MiB");
    snap("limits");

    // The app's names, each with its certificate: plain HTTP here, where no CA is configured.
    Locator names = page.getByLabel("Host names");
    assertThat(names).containsText("web.%s.localhost".formatted(acme.tenant()));
    assertThat(names).containsText("HTTP only");
    String shop = "shop-%s.example.test".formatted(user);
    page.getByLabel("Own host name (point its DNS at the edge)").fill(shop);
    page.locator("form:has(#domain) button").click();
    // Not routed until its control is proven: the dashboard says how.
    Locator added = names.locator("li", new Locator.LocatorOptions().setHasText(shop));
    assertThat(added).containsText("Not verified yet");
    assertThat(added).containsText("TXT record _paddock." + shop);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Remove " + shop)).click();
    assertThat(names).not().containsText(shop);

    // This time a real drop on the drop zone, as a file dragged from the desktop lands.
    page.evaluate(
        """
        ([name, base64]) => {
          const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
          const files = new DataTransfer();
          files.items.add(new File([bytes], name, {type: 'application/java-archive'}));
          document.querySelector('.drop').dispatchEvent(
              new DragEvent('drop', {dataTransfer: files, bubbles: true, cancelable: true}));
        }""",
        List.of(
            "hello-runnable.jar",
            Base64.getEncoder().encodeToString(Files.readAllBytes(Api.example("hello-runnable")))));
    assertThat(page.locator(".steps")).containsText("deploy of v2", SLOW);
    assertThat(page.locator(".steps")).containsText("Rollout live", SLOW);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Roll back to v1")).click();
    assertThat(page.locator(".steps")).containsText("rollback of v1", SLOW);
    assertThat(page.locator(".steps")).containsText("Rollout live", SLOW);
    assertThat(page.locator(".app-header")).containsText("live: v1", SLOW);
    assertThat(page.locator(".events")).containsText("deploy.live");
    snap("rolled back");
    assertThat(consoleErrors).isEmpty();

    // A refusal shows the API's own message next to what caused it.
    page.getByLabel("Memory", new Page.GetByLabelOptions().setExact(true)).fill("a lot");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save limits")).click();
    assertThat(page.locator("form.grid .error").first()).containsText("is not a size");
    snap("a refusal");

    // Leaving the app's page stops following its logs, even when the app is quiet.
    assertThat((Integer) page.evaluate("window.openStreams")).isPositive();
    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Apps").setExact(true))
        .click();
    assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
        .containsText("Apps of");
    assertThat((Integer) page.evaluate("window.openStreams")).isZero();
    page.goBack();
    assertThat(page.locator(".app-header")).containsText("live: v1", SLOW);

    page.setViewportSize(390, 844);
    assertThat((Boolean) page.evaluate("document.documentElement.scrollWidth <= innerWidth + 1"))
        .as("no sideways scrolling at phone width")
        .isTrue();
    snap("phone width");

    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
    assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
        .containsText("Sign in");
    assertThat(api().get(acme.apps(), acme.token()).json().size()).isEqualTo(1);
    acme.deleteApp("web", INSTALLATION);
  }

  @Test
  void aUserNeverSeesAnotherTenantsApps() {
    Tenancy globex = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("globex"));
    globex.createApp("secret-plans");
    acme.createApp("shop");

    signIn();

    assertThat(page.locator(".apps")).containsText("shop");
    assertThat(page.locator("body")).not().containsText("secret-plans");
    assertThat(page.locator("body")).not().containsText(globex.tenant());
    page.navigate(page.url().replace(acme.tenant(), globex.tenant()));
    assertThat(page.getByRole(AriaRole.ALERT).first()).containsText("not found");
    assertThat(page.locator("body")).not().containsText("secret-plans");
    snap("another tenant");
    acme.deleteApp("shop", INSTALLATION);
    globex.deleteApp("secret-plans", INSTALLATION);
  }

  @Test
  void theAdminSetsUpATenantAndItsOwnerAddsAMemberAndAToken() {
    String admin = Infrastructure.uniqueName("root");
    String tenant = Infrastructure.uniqueName("initech");
    String member = Infrastructure.uniqueName("milton");
    api().post("api/v1/users", ADMIN, Map.of("name", admin, "password", PASSWORD, "admin", true));
    signIn(admin);
    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Platform")).click();

    page.getByLabel("New tenant").fill(tenant);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create tenant")).click();
    Locator row = page.locator("tr", new Page.LocatorOptions().setHasText(tenant));
    row.getByLabel("Memory quota of " + tenant).fill("1GiB");
    row.getByLabel("Apps quota of " + tenant).fill("3");
    row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Set")).click();
    assertThat(row.getByLabel("Memory quota of " + tenant)).hasValue("1GiB");
    page.getByLabel("User name").fill(member);
    page.getByLabel("Password").fill(PASSWORD);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create user")).click();
    assertThat(page.locator("table").last()).containsText(member);
    snap("platform");
    assertThat(api().get("api/v1/tenants/" + tenant, ADMIN).json().get("quota").get("apps").asInt())
        .isEqualTo(3);

    page.navigate("http://127.0.0.1:%d/#/t/%s/tokens".formatted(port, tenant));
    assertThat(
            page.getByRole(
                AriaRole.COMBOBOX, new Page.GetByRoleOptions().setName("Tenant").setExact(true)))
        .hasValue(tenant);
    page.getByLabel("User", new Page.GetByLabelOptions().setExact(true)).fill(member);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add or change")).click();
    assertThat(page.locator("table").first()).containsText(member);
    page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("ci");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Mint token")).click();
    String token = page.locator(".secret").textContent();
    assertThat(page.getByLabel("Command line")).containsText("/cli/install.sh | sh");
    assertThat(page.getByLabel("Command line"))
        .containsText(
            "paddock login --url http://127.0.0.1:%d --tenant %s --token %s"
                .formatted(port, tenant, token));
    assertThat(api().get("api/v1/tenants/" + tenant + "/apps", token).status()).isEqualTo(200);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Revoke ci")).click();
    assertThat(page.locator("table").last()).containsText("revoked");
    assertThat(api().get("api/v1/tenants/" + tenant + "/apps", token).status()).isEqualTo(401);
    snap("members and tokens");
    assertThat(consoleErrors).isEmpty();
  }

  @Test
  void theAdminSeesThePlatformsOwnStateAndItsEventsAndNoOneElseDoes() {
    String admin = Infrastructure.uniqueName("root");
    api().post("api/v1/users", ADMIN, Map.of("name", admin, "password", PASSWORD, "admin", true));
    HttpdProcesses.killAll(DATA);
    signIn(admin);
    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Platform")).click();

    Locator health = page.locator(".platform");
    assertThat(health.getByRole(AriaRole.ROW, new Locator.GetByRoleOptions().setName("Database")))
        .containsText("UP");
    assertThat(health.getByRole(AriaRole.ROW, new Locator.GetByRoleOptions().setName("Docker")))
        .containsText("UP");
    // The page reads the platform again every few seconds: the edge is back, with its restart.
    Locator edge = health.getByRole(AriaRole.ROW, new Locator.GetByRoleOptions().setName("Edge"));
    assertThat(edge).containsText("UP", SLOW);
    assertThat(edge).containsText("managed httpd");
    assertThat(edge)
        .not()
        .containsText(
            "restarts: 0", new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
    assertThat(edge).containsText("last restart");
    Locator events =
        page.getByRole(AriaRole.LIST, new Page.GetByRoleOptions().setName("Platform events"));
    assertThat(events.locator("li.edge-restarted").first()).containsText("started it again", SLOW);
    snap("platform health");
    assertThat(consoleErrors).isEmpty();

    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
    signIn();
    assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Platform")))
        .hasCount(0);
    page.navigate("http://127.0.0.1:%d/#/admin".formatted(port));
    assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
        .containsText("Apps of " + acme.tenant());
    assertThat(page.locator("body")).not().containsText("Platform health");
    assertThat(page.locator("body")).not().containsText("edge.restarted");
    snap("not the admin");
  }

  /** Signs in with the keyboard only. */
  private void signIn() {
    signIn(user);
    assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
        .containsText("Apps of " + acme.tenant());
  }

  private void signIn(String name) {
    page.navigate("http://127.0.0.1:%d/".formatted(port));
    page.getByLabel("User name").focus();
    page.keyboard().type(name);
    page.keyboard().press("Tab");
    page.keyboard().type(PASSWORD);
    snap("sign in");
    page.keyboard().press("Enter");
    assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")))
        .isVisible();
  }

  private void snap(String what) {
    snap(page, what);
  }

  private void snap(Page on, String what) {
    shot++;
    on.screenshot(
        new Page.ScreenshotOptions()
            .setPath(screenshots.resolve("%02d-%s.png".formatted(shot, what.replace(' ', '-'))))
            .setFullPage(true));
  }
}
