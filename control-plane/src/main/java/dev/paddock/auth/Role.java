package dev.paddock.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.paddock.web.ApiException;
import dev.paddock.web.ProblemType;
import java.util.Locale;

/** What a token may do: the platform admin everything, tenant roles within their own tenant. */
public enum Role {
  ADMIN,
  OWNER,
  DEVELOPER,
  VIEWER;

  @JsonCreator
  public static Role parse(String value) {
    try {
      return Role.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidRoleException(value);
    }
  }

  /** A role name that does not exist. */
  static class InvalidRoleException extends ApiException {
    InvalidRoleException(String value) {
      super(
          ProblemType.INVALID_ROLE,
          "'%s' is not a role: use owner, developer or viewer".formatted(value));
    }
  }

  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
