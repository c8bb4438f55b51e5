package dev.paddock.recycle;

import dev.paddock.app.App;
import dev.paddock.app.Apps;
import dev.paddock.auth.Caller;
import dev.paddock.naming.DnsLabel;
import dev.paddock.tenant.Tenants;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An app's recycle policy. Not part of a release: it applies to whatever runs, from the next sample
 * on, and setting it restarts nothing.
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenant}/apps/{app}/recycle")
class RecycleController {

  private static final RecyclePolicy NONE = new RecyclePolicy(null, null, null, null, null);

  private final Tenants tenants;
  private final Apps apps;
  private final RecyclePolicies policies;

  RecycleController(Tenants tenants, Apps apps, RecyclePolicies policies) {
    this.tenants = tenants;
    this.apps = apps;
    this.policies = policies;
  }

  @GetMapping
  RecyclePolicy get(
      @AuthenticationPrincipal Caller caller,
      @PathVariable DnsLabel tenant,
      @PathVariable DnsLabel app) {
    RecyclePolicy policy = policies.of(apps.get(tenants.visibleTo(caller, tenant), app).id());
    return policy == null ? NONE : policy;
  }

  /** Replaces the policy; rules left out are off, and {@code {}} turns recycling off. */
  @PutMapping
  RecyclePolicy set(
      @AuthenticationPrincipal Caller caller,
      @PathVariable DnsLabel tenant,
      @PathVariable DnsLabel app,
      @RequestBody RecyclePolicy policy) {
    App found = apps.writableBy(caller, tenants.visibleTo(caller, tenant), app);
    policies.set(found.id(), policy.checked());
    return policy;
  }
}
