package dev.paddock.naming;

import dev.paddock.web.ApiException;
import dev.paddock.web.ProblemType;
import java.util.regex.Pattern;

/**
 * A host name a tenant brings for an app, such as {@code shop.example.com}: lower-case DNS labels
 * of letters, digits and inner hyphens, at least two of them, 253 characters at most, ending in a
 * name rather than a number. It reaches httpd's configuration as a {@code ServerAlias}, so nothing
 * else ever passes: no wildcard, port, trailing dot, quote, space or newline.
 */
public record HostName(String value) {

  private static final Pattern GRAMMAR =
      Pattern.compile(
          "(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?");

  public HostName {
    if (value == null || !GRAMMAR.matcher(value).matches()) {
      throw new InvalidHostNameException(value);
    }
  }

  /** Parses a path variable; Spring's conversion service finds this factory. */
  public static HostName valueOf(String value) {
    return new HostName(value);
  }

  /** Whether this is {@code domain} or a name under it. */
  public boolean within(String domain) {
    return value.equals(domain) || value.endsWith("." + domain);
  }

  @Override
  public String toString() {
    return value;
  }

  /** A host name outside the grammar. */
  static class InvalidHostNameException extends ApiException {
    InvalidHostNameException(String value) {
      super(
          ProblemType.INVALID_DOMAIN,
          "'%s' is not a host name such as shop.example.com: lower-case labels of a-z, 0-9 and"
                  .formatted(value == null ? "" : value.replaceAll("\\p{Cntrl}", "?"))
              + " inner hyphens, separated by dots");
    }
  }
}
