package dev.paddock.deploy;

import dev.paddock.app.App;
import dev.paddock.app.Apps;
import dev.paddock.auth.Caller;
import dev.paddock.naming.DnsLabel;
import dev.paddock.reconcile.Reconciler;
import dev.paddock.release.Release;
import dev.paddock.release.Releases;
import dev.paddock.tenant.Tenants;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Deploys: ask for a release to go live (202), then follow it until it is live or failed. */
@RestController
@RequestMapping("/api/v1/tenants/{tenant}/apps/{app}/deploys")
class DeployController {

  private final Tenants tenants;
  private final Apps apps;
  private final Releases releases;
  private final Deploys deploys;
  private final Reconciler reconciler;

  DeployController(
      Tenants tenants, Apps apps, Releases releases, Deploys deploys, Reconciler reconciler) {
    this.tenants = tenants;
    this.apps = apps;
    this.releases = releases;
    this.deploys = deploys;
    this.reconciler = reconciler;
  }

  /**
   * @param release the version to deploy; the newest when absent
   */
  record DeployRequest(Integer release) {}

  @PostMapping
  @ResponseStatus(HttpStatus.ACCEPTED)
  Deploy deploy(
      @AuthenticationPrincipal Caller caller,
      @PathVariable DnsLabel tenant,
      @PathVariable DnsLabel app,
      @RequestBody(required = false) DeployRequest request) {
    App owner = apps.get(tenants.visibleTo(caller, tenant), app);
    caller.requireWrite();
    Release release = releases.find(owner.id(), request == null ? null : request.release());
    Deploy deploy = deploys.accept(owner.id(), release.id());
    reconciler.request(owner.id());
    return deploy;
  }

  @GetMapping("/{id}")
  Deploy get(
      @AuthenticationPrincipal Caller caller,
      @PathVariable DnsLabel tenant,
      @PathVariable DnsLabel app,
      @PathVariable long id) {
    return deploys.get(apps.get(tenants.visibleTo(caller, tenant), app).id(), id);
  }
}
