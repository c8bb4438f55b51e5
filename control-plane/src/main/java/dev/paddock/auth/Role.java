package dev.paddock.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a token may do: the platform admin everything, tenant roles within their own tenant. */
public enum Role {
  ADMIN,
  OWNER,
  DEVELOPER,
  VIEWER;

  @JsonCreator
  public static Role parse(String value) {
    return Role.valueOf(value.toUpperCase(Locale.ROOT));
  }

  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
