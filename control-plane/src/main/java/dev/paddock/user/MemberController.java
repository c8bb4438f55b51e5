package dev.paddock.user;

import dev.paddock.auth.Caller;
import dev.paddock.auth.Role;
import dev.paddock.naming.DnsLabel;
import dev.paddock.tenant.Tenant;
import dev.paddock.tenant.Tenants;
import dev.paddock.web.RequestValidator;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Who belongs to a tenant and with which role: the tenant's owner (or the admin) decides. */
@RestController
@RequestMapping("/api/v1/tenants/{tenant}/members")
class MemberController {

  private final Tenants tenants;
  private final Users users;
  private final RequestValidator validator;

  MemberController(Tenants tenants, Users users, RequestValidator validator) {
    this.tenants = tenants;
    this.users = users;
    this.validator = validator;
  }

  record Grant(@NotNull Role role) {}

  @GetMapping
  List<Users.Member> list(@AuthenticationPrincipal Caller caller, @PathVariable DnsLabel tenant) {
    return users.members(owned(caller, tenant).id());
  }

  /** Adds the user to the tenant with this role, or changes their role. */
  @PutMapping("/{user}")
  Users.Member grant(
      @AuthenticationPrincipal Caller caller,
      @PathVariable DnsLabel tenant,
      @PathVariable String user,
      @RequestBody(required = false) Grant request) {
    Tenant found = owned(caller, tenant);
    validator.check(request);
    users.grant(found.id(), user, request.role());
    return new Users.Member(user, request.role());
  }

  @DeleteMapping("/{user}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void revoke(
      @AuthenticationPrincipal Caller caller,
      @PathVariable DnsLabel tenant,
      @PathVariable String user) {
    users.revoke(owned(caller, tenant).id(), user);
  }

  private Tenant owned(Caller caller, DnsLabel name) {
    Tenant found = tenants.visibleTo(caller, name);
    caller.requireOwner(found.name());
    return found;
  }
}
