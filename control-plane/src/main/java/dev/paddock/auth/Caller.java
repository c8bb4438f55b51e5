package dev.paddock.auth;

import dev.paddock.naming.DnsLabel;
import dev.paddock.web.ApiException;
import dev.paddock.web.ProblemType;
import java.util.Map;
import java.util.Optional;

/**
 * Who is calling: the platform admin, a tenant token with its one role, or a user signed in to the
 * dashboard with a role in each tenant they belong to (and maybe the admin's rights too).
 *
 * @param actor who it is, for the audit log: {@code token:<name>}, {@code user:<name>} or {@code
 *     admin}
 * @param admin whether the caller has the platform admin's rights
 * @param roles the caller's role per tenant name
 */
public record Caller(String actor, boolean admin, Map<String, Role> roles) {

  public static final Caller ADMIN = new Caller("admin", true, Map.of());

  /** The request attribute that holds the authenticated caller. */
  public static final String ATTRIBUTE = Caller.class.getName();

  public Caller {
    roles = Map.copyOf(roles);
  }

  /** A tenant token: one tenant, one role. */
  static Caller token(String name, String tenant, Role role) {
    return new Caller("token:" + name, false, Map.of(tenant, role));
  }

  /** True when this caller may see the tenant; callers of other tenants must be told 404. */
  public boolean canSee(DnsLabel tenant) {
    return admin || roles.containsKey(tenant.value());
  }

  /** The caller's role in the tenant: admin for the admin, empty when it is not a member. */
  public Optional<Role> roleIn(String tenant) {
    if (admin) {
      return Optional.of(Role.ADMIN);
    }
    return tenant == null ? Optional.empty() : Optional.ofNullable(roles.get(tenant));
  }

  /** Refuses all but the tenant's owner and the admin; the tenant has been checked already. */
  public void requireOwner(DnsLabel tenant) {
    Role role = roleIn(tenant.value()).orElse(Role.VIEWER);
    if (role != Role.ADMIN && role != Role.OWNER) {
      throw new NotOwnerException();
    }
  }

  /** Whether the caller may change things in the tenant, which has been checked already. */
  public boolean mayWrite(DnsLabel tenant) {
    return roleIn(tenant.value()).orElse(Role.VIEWER) != Role.VIEWER;
  }

  /** Refuses read-only callers on a write; the tenant itself has been checked already. */
  public void requireWrite(DnsLabel tenant) {
    if (!mayWrite(tenant)) {
      throw new ReadOnlyException();
    }
  }

  /** A call only the tenant's owner may make. */
  static class NotOwnerException extends ApiException {
    NotOwnerException() {
      super(ProblemType.OWNER_ONLY, "Only the tenant's owner or the platform admin may do this.");
    }
  }

  /** A viewer used for a write. */
  static class ReadOnlyException extends ApiException {
    ReadOnlyException() {
      super(ProblemType.READ_ONLY, "This caller has read-only access (viewer) to this tenant.");
    }
  }
}
