package dev.paddock.tenant;

import dev.paddock.auth.Caller;
import dev.paddock.auth.Role;
import dev.paddock.auth.Tokens;
import dev.paddock.naming.DnsLabel;
import dev.paddock.units.Sizes;
import dev.paddock.web.RequestValidator;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.util.unit.DataSize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Tenants, their quotas and their API tokens. Creating any of them is the admin's job. */
@RestController
@RequestMapping("/api/v1/tenants")
class TenantController {

  private final Tenants tenants;
  private final Tokens tokens;
  private final RequestValidator validator;
  private final DefaultQuota defaultQuota;

  TenantController(
      Tenants tenants, Tokens tokens, RequestValidator validator, DefaultQuota defaultQuota) {
    this.tenants = tenants;
    this.tokens = tokens;
    this.validator = validator;
    this.defaultQuota = defaultQuota;
  }

  /**
   * @param quota the tenant's quota; the default quota when absent, none when every bound is null
   */
  record CreateTenant(@NotNull DnsLabel name, Quota.Request quota) {}

  /**
   * @param usage what the tenant holds now, counted as the quota counts it
   */
  record TenantView(String name, int uid, Quota.View quota, Quota.View usage, Instant createdAt) {}

  record CreateToken(
      @NotNull @Size(min = 1, max = 64) String name, @NotNull Role role, Duration expiresIn) {}

  record TokenView(String name, String role, String token, Instant expiresAt) {}

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  TenantView create(@Valid @RequestBody CreateTenant request) {
    Quota quota = request.quota() == null ? defaultQuota.quota() : request.quota().quota();
    return view(tenants.create(request.name(), quota));
  }

  /** The tenants the caller may see: all of them for the admin. */
  @GetMapping
  List<TenantView> list(@AuthenticationPrincipal Caller caller) {
    return tenants.visibleTo(caller).stream().map(this::view).toList();
  }

  @GetMapping("/{tenant}")
  TenantView get(@AuthenticationPrincipal Caller caller, @PathVariable DnsLabel tenant) {
    return view(tenants.visibleTo(caller, tenant));
  }

  /** Replaces the tenant's quota; bounds left out are lifted. Admin only. */
  @PutMapping("/{tenant}/quota")
  TenantView quota(
      @AuthenticationPrincipal Caller caller,
      @PathVariable DnsLabel tenant,
      @RequestBody Quota.Request request) {
    Tenant found = tenants.visibleTo(caller, tenant);
    return view(tenants.setQuota(found, request.quota()));
  }

  /** The tenant's tokens, revoked ones included; never a token itself. */
  @GetMapping("/{tenant}/tokens")
  List<Tokens.Listed> tokens(
      @AuthenticationPrincipal Caller caller, @PathVariable DnsLabel tenant) {
    Tenant owner = tenants.visibleTo(caller, tenant);
    caller.requireOwner(owner.name());
    return tokens.list(owner.id());
  }

  /** Revokes a token at once: its next call is 401. */
  @DeleteMapping("/{tenant}/tokens/{name}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void revoke(
      @AuthenticationPrincipal Caller caller,
      @PathVariable DnsLabel tenant,
      @PathVariable String name) {
    Tenant owner = tenants.visibleTo(caller, tenant);
    caller.requireOwner(owner.name());
    tokens.revoke(owner.id(), name);
  }

  private TenantView view(Tenant t) {
    Tenants.Usage usage = tenants.usage(t.id(), false);
    return new TenantView(
        t.name().value(),
        t.uid(),
        t.quota().view(),
        new Quota.View(
            Sizes.format(DataSize.ofBytes(usage.memoryBytes())), usage.apps(), usage.instances()),
        t.createdAt());
  }

  @PostMapping("/{tenant}/tokens")
  @ResponseStatus(HttpStatus.CREATED)
  TokenView mint(
      @AuthenticationPrincipal Caller caller,
      @PathVariable DnsLabel tenant,
      @RequestBody(required = false) CreateToken request) {
    Tenant owner = tenants.visibleTo(caller, tenant);
    caller.requireOwner(owner.name());
    validator.check(request);
    Tokens.Minted minted =
        tokens.mint(owner.id(), request.name(), request.role(), request.expiresIn());
    return new TokenView(request.name(), request.role().id(), minted.token(), minted.expiresAt());
  }
}
