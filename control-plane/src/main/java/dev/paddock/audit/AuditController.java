package dev.paddock.audit;

import dev.paddock.auth.Caller;
import dev.paddock.naming.DnsLabel;
import dev.paddock.tenant.Tenant;
import dev.paddock.tenant.Tenants;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit log: a tenant's to its owner, everyone's to the admin. */
@RestController
class AuditController {

  private static final int MAX = 1000;

  private final Tenants tenants;
  private final AuditLog audit;

  AuditController(Tenants tenants, AuditLog audit) {
    this.tenants = tenants;
    this.audit = audit;
  }

  @GetMapping("/api/v1/tenants/{tenant}/audit")
  List<AuditLog.Entry> tenant(
      @AuthenticationPrincipal Caller caller,
      @PathVariable DnsLabel tenant,
      @RequestParam(defaultValue = "100") int limit) {
    Tenant found = tenants.visibleTo(caller, tenant);
    caller.requireOwner(found.name());
    return audit.latest(found.id(), Math.clamp(limit, 1, MAX));
  }

  /** Admin only (see the security configuration). */
  @GetMapping("/api/v1/audit")
  List<AuditLog.Entry> all(@RequestParam(defaultValue = "100") int limit) {
    return audit.latest(null, Math.clamp(limit, 1, MAX));
  }
}
