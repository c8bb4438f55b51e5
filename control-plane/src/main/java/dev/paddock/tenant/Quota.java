package dev.paddock.tenant;

import dev.paddock.units.Sizes;
import dev.paddock.web.ApiException;
import dev.paddock.web.ProblemType;
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
      DataSize size =
          Sizes.parse(text)
              .orElseThrow(
                  () ->
                      new InvalidQuotaException(
                          "memory '%s' is not a size such as 4GiB or 512MiB, at most 1048576GiB"
                              .formatted(text)));
      if (size.toBytes() <= 0) {
        throw new InvalidQuotaException("memory must be positive, got " + text);
      }
      return size;
    }
  }

  /** A quota as the API shows it. */
  public record View(String memory, Integer apps, Integer instances) {}

  public View view() {
    return new View(memory == null ? null : Sizes.format(memory), apps, instances);
  }

  /** A quota that cannot be set as asked. */
  static class InvalidQuotaException extends ApiException {
    InvalidQuotaException(String detail) {
      super(ProblemType.INVALID_QUOTA, detail);
    }
  }
}
