package dev.paddock.domain;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the control plane checks that a tenant controls a custom domain before the edge routes it
 * ({@code paddock.domains.verification.*}).
 *
 * @param resolver the DNS server asked for the {@code _paddock.<name>} TXT record and for the
 *     name's address, as {@code host:port}; unset: the system's resolvers
 * @param httpPort the port the HTTP token is fetched from on the name's address: the edge's HTTP
 *     port as the internet reaches it, 80 in production
 * @param timeout how long one check may take, DNS and HTTP each
 * @param firstRetry the wait after the first failed check; each further failure doubles it
 * @param maxRetry the longest wait between two checks
 * @param attempts how many checks a name gets on its own; after them it stays {@code failed} until
 *     {@code POST …/domains/{name}/verify} asks again
 * @param interval how often the control plane looks for names due a check
 */
@ConfigurationProperties("paddock.domains.verification")
public record VerificationProperties(
    String resolver,
    @DefaultValue("80") int httpPort,
    @DefaultValue("5s") Duration timeout,
    @DefaultValue("30s") Duration firstRetry,
    @DefaultValue("1h") Duration maxRetry,
    @DefaultValue("20") int attempts,
    @DefaultValue("5s") Duration interval) {

  public VerificationProperties {
    if (resolver != null && !resolver.matches("[A-Za-z0-9.:\\[\\]-]+:[0-9]{1,5}")) {
      throw new IllegalArgumentException(
          "paddock.domains.verification.resolver must be host:port, e.g. 127.0.0.1:53, got "
              + resolver);
    }
    if (attempts < 1 || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(
          "paddock.domains.verification.attempts and .timeout must be positive");
    }
  }

  /** The wait before the next check after {@code failures} failed ones. */
  Duration retryAfter(int failures) {
    Duration wait = firstRetry.multipliedBy(1L << Math.min(Math.max(failures - 1, 0), 20));
    return wait.compareTo(maxRetry) > 0 ? maxRetry : wait;
  }
}
