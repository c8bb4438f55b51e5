package dev.paddock.tenant;

import dev.paddock.auth.Caller;
import dev.paddock.auth.Role;
import dev.paddock.auth.Tokens;
import dev.paddock.naming.DnsLabel;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Tenants and their API tokens. Creating either is the platform admin's job. */
@RestController
@RequestMapping("/api/v1/tenants")
class TenantController {

  private final Tenants tenants;
  private final Tokens tokens;

  TenantController(Tenants tenants, Tokens tokens) {
    this.tenants = tenants;
    this.tokens = tokens;
  }

  record CreateTenant(@NotNull DnsLabel name) {}

  record TenantView(String name, int uid, Instant createdAt) {
    static TenantView of(Tenant t) {
      return new TenantView(t.name().value(), t.uid(), t.createdAt());
    }
  }

  record CreateToken(
      @NotNull @Size(min = 1, max = 64) String name, @NotNull Role role, Duration expiresIn) {}

  record TokenView(String name, String role, String token, Instant expiresAt) {}

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  TenantView create(@Valid @RequestBody CreateTenant request) {
    return TenantView.of(tenants.create(request.name()));
  }

  @GetMapping("/{tenant}")
  TenantView get(@AuthenticationPrincipal Caller caller, @PathVariable DnsLabel tenant) {
    return TenantView.of(tenants.visibleTo(caller, tenant));
  }

  @PostMapping("/{tenant}/tokens")
  @ResponseStatus(HttpStatus.CREATED)
  TokenView mint(
      @AuthenticationPrincipal Caller caller,
      @PathVariable DnsLabel tenant,
      @Valid @RequestBody CreateToken request) {
    Tenant owner = tenants.visibleTo(caller, tenant);
    Tokens.Minted minted =
        tokens.mint(owner.id(), request.name(), request.role(), request.expiresIn());
    return new TokenView(request.name(), request.role().id(), minted.token(), minted.expiresAt());
  }
}
