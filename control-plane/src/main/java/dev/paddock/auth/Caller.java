package dev.paddock.auth;

import dev.paddock.web.ApiException;
import org.springframework.http.HttpStatus;

/**
 * Who is calling: the platform admin, or a tenant token's role within that tenant.
 *
 * @param tenantId the tenant the token belongs to; {@code null} for the admin
 */
public record Caller(Role role, Long tenantId) {

  public static final Caller ADMIN = new Caller(Role.ADMIN, null);

  public boolean isAdmin() {
    return role == Role.ADMIN;
  }

  /** True when this caller may see the tenant; callers of other tenants must be told 404. */
  public boolean canSee(long tenant) {
    return isAdmin() || tenantId == tenant;
  }

  /** Refuses read-only callers on a write; the tenant itself has been checked already. */
  public void requireWrite() {
    if (role == Role.VIEWER) {
      throw new ReadOnlyException();
    }
  }

  /** A viewer token used for a write. */
  static class ReadOnlyException extends ApiException {
    ReadOnlyException() {
      super(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "This token is read-only (viewer).");
    }
  }
}
