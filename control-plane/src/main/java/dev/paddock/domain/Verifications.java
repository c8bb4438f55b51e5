package dev.paddock.domain;

import dev.paddock.app.RoutesChanged;
import dev.paddock.events.Events;
import dev.paddock.routing.ProofServer;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Checks claims to custom domains and records the outcome: a proven name routes from the next
 * reconcile (and, with HTTPS, gets its certificate); a failed check is tried again after a wait
 * that doubles up to {@code max-retry}, {@code attempts} times in all, and then only on demand.
 * Thread-safe; each check takes at most a few timeouts.
 */
@Component
class Verifications {

  private final Domains domains;
  private final Proof proof;
  private final VerificationProperties settings;
  private final ObjectProvider<ProofServer> edge;
  private final ApplicationEventPublisher published;
  private final Events events;
  private final JdbcClient db;
  private final Clock clock;

  Verifications(
      Domains domains,
      Proof proof,
      VerificationProperties settings,
      ObjectProvider<ProofServer> edge,
      ApplicationEventPublisher published,
      Events events,
      JdbcClient db,
      Clock clock) {
    this.domains = domains;
    this.proof = proof;
    this.settings = settings;
    this.edge = edge;
    this.published = published;
    this.events = events;
    this.db = db;
    this.clock = clock;
  }

  /** Makes the edge serve the tokens of every unproven claim, and no others. Idempotent. */
  void serveProofs() {
    edge.ifAvailable(server -> server.serveProofs(domains.unprovenTokens()));
  }

  /**
   * Checks one claim now and records the outcome; {@code onDemand} starts its retries afresh.
   * Answers the claim as it stands after.
   */
  Optional<Domains.Claim> check(Domains.Claim claim, boolean onDemand) {
    Instant now = clock.instant();
    if (domains.takenFrom(claim.appId(), claim.host())) {
      domains.failed(claim, Domains.TAKEN, now, null, onDemand ? 1 : claim.attempts() + 1);
      return domains.claim(claim.appId(), claim.host());
    }
    Proof.Outcome outcome = proof.check(claim.host(), claim.token());
    now = clock.instant();
    if (outcome.proven()) {
      if (domains.proven(claim, now)) {
        record(
            claim,
            "domain.verified",
            "%s proven by %s; it routes to this app now".formatted(claim.host(), outcome.detail()));
        serveProofs();
        published.publishEvent(new RoutesChanged());
      }
    } else {
      int attempts = onDemand ? 1 : claim.attempts() + 1;
      boolean more = attempts < settings.attempts();
      domains.failed(
          claim,
          outcome.detail(),
          now,
          more ? now.plus(settings.retryAfter(attempts)) : null,
          attempts);
      if (!more) {
        record(
            claim,
            "domain.unverified",
            "%s not proven after %d checks: %s. POST …/domains/%s/verify checks again"
                .formatted(claim.host(), attempts, outcome.detail(), claim.host()));
      }
    }
    return domains.claim(claim.appId(), claim.host());
  }

  private void record(Domains.Claim claim, String type, String message) {
    db.sql("select tenant_id from apps where id = ?")
        .param(claim.appId())
        .query(Long.class)
        .optional()
        .ifPresent(tenant -> events.record(tenant, claim.appId(), type, message));
  }
}
