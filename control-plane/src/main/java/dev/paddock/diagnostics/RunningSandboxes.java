package dev.paddock.diagnostics;

import dev.paddock.app.App;
import dev.paddock.sandbox.Sandbox;
import dev.paddock.sandbox.SandboxDriver;
import dev.paddock.web.ApiException;
import dev.paddock.web.ProblemType;
import java.util.Comparator;
import java.util.Objects;
import org.springframework.stereotype.Component;

/** Which running sandbox of an app a diagnostic asks: the one serving a slot. */
@Component
class RunningSandboxes {

  private final SandboxDriver driver;

  RunningSandboxes(SandboxDriver driver) {
    this.driver = driver;
  }

  /**
   * The running sandbox of the app's slot ({@code 0} when null), the live deploy's when a rollout
   * runs beside it, else the newest.
   *
   * @throws InvalidSlotException when the app has no such slot
   * @throws AppNotRunningException when nothing runs in it
   */
  Sandbox of(App app, Integer slot) {
    int wanted = slot == null ? 0 : slot;
    if (wanted < 0 || wanted >= app.instances()) {
      throw new InvalidSlotException(
          "slot must be between 0 and %d (the app has %d instance(s)), got %d"
              .formatted(app.instances() - 1, app.instances(), wanted));
    }
    return driver.list().stream()
        .filter(s -> s.appId() == app.id() && s.slot() == wanted)
        .filter(s -> s.state() == Sandbox.State.RUNNING && s.admin() != null)
        .max(
            Comparator.comparing((Sandbox s) -> Objects.equals(s.deploy(), app.liveDeployId()))
                .thenComparing(Sandbox::created, Comparator.nullsFirst(Comparator.naturalOrder())))
        .orElseThrow(() -> new AppNotRunningException(app, wanted));
  }

  /** A slot the app does not have. */
  static class InvalidSlotException extends ApiException {
    InvalidSlotException(String detail) {
      super(ProblemType.INVALID_SLOT, detail);
    }
  }

  /** No sandbox of the app runs in the slot, so there is no JVM to ask. */
  static class AppNotRunningException extends ApiException {
    AppNotRunningException(App app, int slot) {
      super(
          ProblemType.APP_NOT_RUNNING,
          ("App '%s' has no running instance in slot %d: deploy a release (POST .../deploys) or"
                  + " wait until its instance is up (GET .../apps/%s), then ask again")
              .formatted(app.name(), slot, app.name()));
    }
  }
}
