package dev.paddock.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Debian's headless Chromium under Playwright, which downloads no browser of its own. */
public final class Chromium {

  private static final Path BINARY = Path.of("/usr/bin/chromium");

  private Chromium() {}

  public static Playwright playwright() {
    assertThat(BINARY).as("Chromium (apt-get install chromium)").isExecutable();
    return Playwright.create(
        new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
  }

  /** Launches it headless, with the given switches besides the quiet ones every test wants. */
  public static Browser launch(Playwright playwright, String... switches) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run"));
    args.addAll(List.of(switches));
    return playwright
        .chromium()
        .launch(
            new BrowserType.LaunchOptions()
                .setExecutablePath(BINARY)
                .setHeadless(true)
                .setArgs(args));
  }
}
