package dev.paddock.domain;

import dev.paddock.app.App;
import dev.paddock.app.RoutesChanged;
import dev.paddock.app.Writable;
import dev.paddock.naming.HostName;
import dev.paddock.routing.EdgeProperties;
import dev.paddock.web.ApiException;
import dev.paddock.web.NotFoundException;
import dev.paddock.web.ProblemType;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * An app's own host names, served by its virtual host next to the name Paddock gives it once the
 * tenant has proven control of each (a DNS TXT record, or the HTTP token the edge serves once the
 * name points at it). Names under Paddock's own base domain are Paddock's to give.
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenant}/apps/{app}/domains")
class DomainController {

  private final Domains domains;
  private final Verifications verifications;
  private final ApplicationEventPublisher published;
  private final EdgeProperties edge;
  private final Clock clock;

  DomainController(
      Domains domains,
      Verifications verifications,
      ApplicationEventPublisher published,
      EdgeProperties edge,
      Clock clock) {
    this.domains = domains;
    this.verifications = verifications;
    this.published = published;
    this.edge = edge;
    this.clock = clock;
  }

  /**
   * One of the app's names and what it still needs to route.
   *
   * @param state {@code pending} (checked again at {@code nextCheck}), {@code verified} (routes to
   *     the app) or {@code failed} (checks stopped: fix the record, then {@code POST …/verify})
   * @param token the value proving control
   * @param txtRecord the DNS name that may hold the token as a TXT record
   * @param httpUrl where the edge serves the token once the name's DNS points at it
   * @param todo what to do next, in words
   * @param lastError why the last check failed
   * @param attempts the checks that failed since the last one asked for
   */
  record Verification(
      String host,
      String state,
      String token,
      String txtRecord,
      String httpUrl,
      String todo,
      String lastError,
      Instant checkedAt,
      Instant nextCheck,
      int attempts,
      Instant verifiedAt) {

    static Verification of(Domains.Claim claim) {
      String host = claim.host();
      String txt = "_paddock." + host;
      String url =
          claim.token() == null ? null : "http://" + host + Proof.WELL_KNOWN + claim.token();
      if (claim.verified()) {
        return new Verification(
            host,
            "verified",
            null,
            null,
            null,
            host + " routes to this app",
            null,
            claim.checkedAt(),
            null,
            0,
            claim.verifiedAt());
      }
      String prove =
          "Prove control of %s: point its DNS (A, AAAA or CNAME) at the edge, which then serves %s by itself, or add a TXT record %s with the value %s."
              .formatted(host, url, txt, claim.token());
      String then =
          claim.nextCheck() != null
              ? " It is checked again by itself; POST …/domains/%s/verify checks now."
                  .formatted(host)
              : " Checks stopped after %d attempts: POST …/domains/%s/verify once it is in place."
                  .formatted(claim.attempts(), host);
      return new Verification(
          host,
          claim.nextCheck() != null ? "pending" : "failed",
          claim.token(),
          txt,
          url,
          prove + then,
          claim.lastError(),
          claim.checkedAt(),
          claim.nextCheck(),
          claim.attempts(),
          null);
    }
  }

  /** The app's own host names, proven or not. */
  @GetMapping
  List<String> list(App app) {
    return domains.of(app.id());
  }

  /** One name with its proof of control: pending, verified or failed, and what to do. */
  @GetMapping("/{host}")
  Verification get(App app, @PathVariable HostName host) {
    return Verification.of(claim(app, host));
  }

  /**
   * Claims the host name for the app (again is fine); it routes once control is proven, which
   * {@code GET …/domains/{host}} tells how to do. Answers all of the app's host names.
   */
  @PutMapping("/{host}")
  List<String> add(@Writable App app, @PathVariable HostName host) {
    if (host.within(edge.baseDomain())) {
      throw new ReservedDomainException(host, edge.baseDomain());
    }
    domains.add(app.id(), host, clock.instant());
    verifications.serveProofs();
    return domains.of(app.id());
  }

  /** Checks the proof now, and starts the automatic checks again when it is not there yet. */
  @PostMapping("/{host}/verify")
  Verification verify(@Writable App app, @PathVariable HostName host) {
    Domains.Claim claim = claim(app, host);
    if (claim.verified()) {
      return Verification.of(claim);
    }
    return Verification.of(verifications.check(claim, true).orElseThrow(() -> notFound(host)));
  }

  @DeleteMapping("/{host}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void remove(@Writable App app, @PathVariable HostName host) {
    domains.remove(app.id(), host);
    verifications.serveProofs();
    published.publishEvent(new RoutesChanged());
  }

  private Domains.Claim claim(App app, HostName host) {
    return domains.claim(app.id(), host.value()).orElseThrow(() -> notFound(host));
  }

  private static NotFoundException notFound(HostName host) {
    return new NotFoundException("Domain", host);
  }

  /** A name under the base domain: it could take another app's name from it. */
  static class ReservedDomainException extends ApiException {
    ReservedDomainException(HostName host, String base) {
      super(
          ProblemType.RESERVED_DOMAIN,
          "'%s' is under Paddock's own domain '%s', whose names Paddock gives to apps itself"
              .formatted(host, base));
    }
  }
}
