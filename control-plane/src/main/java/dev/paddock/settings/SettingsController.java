package dev.paddock.settings;

import dev.paddock.app.App;
import dev.paddock.app.AppChanged;
import dev.paddock.app.Apps;
import dev.paddock.app.LimitCeilings;
import dev.paddock.app.LimitsRequest;
import dev.paddock.app.LimitsView;
import dev.paddock.app.Quotas;
import dev.paddock.app.Writable;
import dev.paddock.auth.Caller;
import dev.paddock.deploy.Deploy;
import dev.paddock.deploy.Deploys;
import dev.paddock.jvm.MemoryCalculator;
import dev.paddock.naming.DnsLabel;
import dev.paddock.release.Release;
import dev.paddock.release.Releases;
import dev.paddock.release.Retention;
import dev.paddock.sandbox.Limits;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * An app's limits, env and health check. Releases are immutable, so a change of env or health check
 * makes a new release of the jar that runs now with the new settings, and rolls it out like any
 * deploy; before the first deploy it only changes what the first release will get. Limits belong to
 * the app and reach its running sandboxes without a release.
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenant}/apps/{app}")
class SettingsController {

  private final Apps apps;
  private final Releases releases;
  private final Deploys deploys;
  private final ApplicationEventPublisher published;
  private final Retention retention;
  private final TransactionTemplate transaction;
  private final JsonMapper json;
  private final Quotas quotas;
  private final LimitCeilings ceilings;

  SettingsController(
      Apps apps,
      Releases releases,
      Deploys deploys,
      ApplicationEventPublisher published,
      Retention retention,
      TransactionTemplate transaction,
      JsonMapper json,
      Quotas quotas,
      LimitCeilings ceilings) {
    this.apps = apps;
    this.releases = releases;
    this.deploys = deploys;
    this.published = published;
    this.retention = retention;
    this.transaction = transaction;
    this.json = json;
    this.quotas = quotas;
    this.ceilings = ceilings;
  }

  /**
   * What a change did.
   *
   * @param deploy the rollout of the new release; {@code null} when nothing was deployed yet
   */
  record Change(Map<String, String> env, String healthPath, Deploy deploy) {}

  /**
   * @param path the path a runnable jar must answer 2xx or 3xx on; null for an open port
   */
  record HealthCheck(String path) {}

  /** The app's variables; a viewer gets their names only, since values are often secrets. */
  @GetMapping("/env")
  Map<String, String> env(
      @AuthenticationPrincipal Caller caller, @PathVariable DnsLabel tenant, App app) {
    Map<String, String> env = app.env();
    if (caller.mayWrite(tenant)) {
      return env;
    }
    Map<String, String> names = new TreeMap<>();
    env.keySet().forEach(name -> names.put(name, null));
    return names;
  }

  /**
   * What a change of limits did.
   *
   * @param applied {@code in place} when only CPUs or pids changed, {@code by replacement} when
   *     memory changed (the heap is sized from it at start: each instance is replaced, one at a
   *     time), {@code at the first deploy} before there is one, {@code unchanged} otherwise
   */
  record LimitsChange(LimitsView limits, String applied) {}

  /**
   * Limits are the app's, not a release's: a change makes no release and no rollout. A memory limit
   * too small for the release the app runs (or is deploying) is refused.
   */
  @PutMapping("/limits")
  LimitsChange limits(@Writable App app, @RequestBody LimitsRequest request) {
    Limits limits = ceilings.check(request.or(app.limits()));
    if (app.targetDeployId() != null && limits.memory().compareTo(app.limits().memory()) < 0) {
      Release running =
          releases.find(app.id(), deploys.get(app.id(), app.targetDeployId()).release());
      MemoryCalculator.require(
          limits.memory(),
          running.kind() == Release.Kind.HANDLER,
          running.classes(),
          "Release v" + running.version());
    }
    long added = (limits.memory().toBytes() - app.limits().memory().toBytes()) * app.instances();
    transaction.executeWithoutResult(
        status -> {
          quotas.admit(app.tenant(), 0, 0, added);
          apps.setLimits(app.id(), limits);
        });
    published.publishEvent(new AppChanged(app.id()));
    String applied =
        limits.equals(app.limits())
            ? "unchanged"
            : app.targetDeployId() == null
                ? "at the first deploy"
                : limits.memory().equals(app.limits().memory()) ? "in place" : "by replacement";
    return new LimitsChange(LimitsView.of(limits), applied);
  }

  @PutMapping("/env")
  Change env(@Writable App app, @RequestBody Map<String, String> env) {
    EnvNames.check(env);
    String text = json.writeValueAsString(new TreeMap<>(env));
    return change(app, "env changed", () -> apps.setEnv(app.id(), text));
  }

  @PutMapping("/health-check")
  Change healthCheck(@Writable App app, @RequestBody HealthCheck request) {
    String path = HealthPaths.check(request.path());
    return change(app, "health check changed", () -> apps.setHealthPath(app.id(), path));
  }

  /** Applies the change and, when the app runs a release, rolls out a new one: all or nothing. */
  private Change change(App app, String reason, Runnable update) {
    Deploy deploy =
        transaction.execute(
            status -> {
              update.run();
              Long base = app.targetDeployId() != null ? app.targetDeployId() : app.liveDeployId();
              if (base == null) {
                return null;
              }
              Release current = releases.find(app.id(), deploys.get(app.id(), base).release());
              return deploys.accept(
                  app.id(), releases.derive(app.id(), current), Deploy.Kind.DEPLOY, reason);
            });
    if (deploy != null) {
      retention.prune(app.id());
      published.publishEvent(new AppChanged(app.id()));
    }
    App changed = apps.byId(app.id()).orElseThrow();
    return new Change(changed.env(), changed.healthPath(), deploy);
  }
}
