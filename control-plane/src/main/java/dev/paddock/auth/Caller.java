package dev.paddock.auth;

import dev.paddock.web.ApiException;
import org.springframework.http.HttpStatus;

/**
 * Who is calling: the platform admin, or a tenant token's role within that tenant.
 *
 * @param tenantId the tenant the token belongs to; {@code null} for the admin
 * @param actor who it is, for the audit log: the token's name, or {@code admin}
 */
public record Caller(Role role, Long tenantId, String actor) {

  public static final Caller ADMIN = new Caller(Role.ADMIN, null, "admin");

  /** The request attribute that holds the authenticated caller. */
  public static final String ATTRIBUTE = Caller.class.getName();

  public boolean isAdmin() {
    return role == Role.ADMIN;
  }

  /** True when this caller may see the tenant; callers of other tenants must be told 404. */
  public boolean canSee(long tenant) {
    return isAdmin() || tenantId == tenant;
  }

  /** Refuses all but the tenant's owner and the admin; the tenant has been checked already. */
  public void requireOwner() {
    if (role != Role.ADMIN && role != Role.OWNER) {
      throw new NotOwnerException();
    }
  }

  /** Refuses read-only callers on a write; the tenant itself has been checked already. */
  public void requireWrite() {
    if (role == Role.VIEWER) {
      throw new ReadOnlyException();
    }
  }

  /** A call only the tenant's owner may make. */
  static class NotOwnerException extends ApiException {
    NotOwnerException() {
      super(
          HttpStatus.FORBIDDEN,
          "forbidden",
          "Forbidden",
          "Only the tenant's owner or the platform admin may do this.");
    }
  }

  /** A viewer token used for a write. */
  static class ReadOnlyException extends ApiException {
    ReadOnlyException() {
      super(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "This token is read-only (viewer).");
    }
  }
}
