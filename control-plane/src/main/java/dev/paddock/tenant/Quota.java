package dev.paddock.tenant;

import dev.paddock.web.ApiException;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

/**
 * What a tenant may hold in all, each bound optional ({@code null}: none): the memory of all its
 * instances (each app's memory limit times its instances), its apps, and its instances.
 */
public record Quota(DataSize memory, Integer apps, Integer instances) {

  public static final Quota NONE = new Quota(null, null, null);

  /** A quota as the admin sends it: memory as a size such as {@code 4GiB}. */
  public record Request(String memory, Integer apps, Integer instances) {
    Quota quota() {
      if (apps != null && apps < 0 || instances != null && instances < 0) {
        throw new InvalidQuotaException("apps and instances cannot be negative");
      }
      return new Quota(memory == null ? null : size(memory), apps, instances);
    }

    private static DataSize size(String text) {
      String normalized = text.strip().toUpperCase(Locale.ROOT).replace("IB", "B");
      try {
        DataSize size = DataSize.parse(normalized);
        if (size.toBytes() <= 0) {
          throw new InvalidQuotaException("memory must be positive, got " + text);
        }
        return size;
      } catch (IllegalArgumentException e) {
        throw new InvalidQuotaException(
            "memory '%s' is not a size such as 4GiB or 512MiB".formatted(text));
      }
    }
  }

  /** A quota as the API shows it. */
  public record View(String memory, Integer apps, Integer instances) {}

  public View view() {
    return new View(memory == null ? null : format(memory), apps, instances);
  }

  /** A size in the largest binary unit that keeps it whole: {@code 1536MiB}, {@code 4GiB}. */
  public static String format(DataSize size) {
    long bytes = size.toBytes();
    if (bytes % (1L << 30) == 0) {
      return (bytes >> 30) + "GiB";
    }
    return bytes % (1L << 20) == 0 ? (bytes >> 20) + "MiB" : bytes + "B";
  }

  /** A quota that cannot be set as asked. */
  static class InvalidQuotaException extends ApiException {
    InvalidQuotaException(String detail) {
      super(HttpStatus.BAD_REQUEST, "invalid-quota", "Invalid quota", detail);
    }
  }
}
