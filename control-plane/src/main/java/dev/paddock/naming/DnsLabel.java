package dev.paddock.naming;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/**
 * A tenant or app name: a DNS label of 2–32 characters, {@code [a-z][a-z0-9-]*[a-z0-9]}.
 *
 * <p>Names reach hostnames, httpd configuration, container names and file paths, so nothing else is
 * ever accepted: no dots, quotes, {@code $}, whitespace or newlines.
 */
public record DnsLabel(String value) {

  private static final Pattern GRAMMAR = Pattern.compile("[a-z][a-z0-9-]{0,30}[a-z0-9]");

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public DnsLabel {
    if (value == null || !GRAMMAR.matcher(value).matches()) {
      throw new InvalidNameException(value);
    }
  }

  /** Parses a path variable; Spring's conversion service finds this factory. */
  public static DnsLabel valueOf(String value) {
    return new DnsLabel(value);
  }

  @JsonValue
  @Override
  public String toString() {
    return value;
  }
}
