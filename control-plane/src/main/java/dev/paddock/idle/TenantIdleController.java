package dev.paddock.idle;

import dev.paddock.auth.Caller;
import dev.paddock.naming.DnsLabel;
import dev.paddock.tenant.Tenant;
import dev.paddock.tenant.Tenants;
import java.time.Duration;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant's default idle time: every app created in the tenant afterwards starts with it as its
 * own {@code sleepAfter}, which the app may change. Apps that exist keep theirs. Everyone of the
 * tenant reads it; only the platform admin sets it (the security configuration says so).
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenant}/idle")
class TenantIdleController {

  private final Tenants tenants;
  private final SleepSettings settings;
  private final SleepAfterRule rule;

  TenantIdleController(Tenants tenants, SleepSettings settings, SleepAfterRule rule) {
    this.tenants = tenants;
    this.settings = settings;
    this.rule = rule;
  }

  /**
   * @param sleepAfter the idle time new apps of the tenant start with; {@code null}: they never
   *     sleep unless they ask to
   */
  record TenantIdle(Duration sleepAfter) {}

  @GetMapping
  TenantIdle get(@AuthenticationPrincipal Caller caller, @PathVariable DnsLabel tenant) {
    Tenant found = tenants.visibleTo(caller, tenant);
    return new TenantIdle(settings.tenantDefault(found.id()));
  }

  /** Sets the default for apps created from now on. Admin only. */
  @PutMapping
  TenantIdle set(
      @AuthenticationPrincipal Caller caller,
      @PathVariable DnsLabel tenant,
      @RequestBody TenantIdle request) {
    Tenant found = tenants.visibleTo(caller, tenant);
    rule.check(request.sleepAfter());
    settings.setTenantDefault(found.id(), request.sleepAfter());
    return new TenantIdle(request.sleepAfter());
  }
}
