package dev.paddock.domain;

import dev.paddock.app.App;
import dev.paddock.app.RoutesChanged;
import dev.paddock.app.Writable;
import dev.paddock.routing.Certificates;
import dev.paddock.routing.EdgeProperties;
import dev.paddock.web.ApiException;
import dev.paddock.web.ProblemType;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An app over HTTPS: each of its names with its certificate's state, and whether HTTP redirects to
 * HTTPS once a name has its certificate ({@code httpsOnly}, on by default).
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenant}/apps/{app}/https")
class HttpsController {

  private final Domains domains;
  private final HttpsSettings settings;
  private final Certificates certificates;
  private final CertificateFailures failures;
  private final ApplicationEventPublisher published;
  private final EdgeProperties edge;

  HttpsController(
      Domains domains,
      HttpsSettings settings,
      Certificates certificates,
      CertificateFailures failures,
      ApplicationEventPublisher published,
      EdgeProperties edge) {
    this.domains = domains;
    this.settings = settings;
    this.certificates = certificates;
    this.failures = failures;
    this.published = published;
    this.edge = edge;
  }

  /**
   * One of the app's names.
   *
   * @param certificate {@code off} (the edge serves this name over HTTP only), {@code pending},
   *     {@code active} or {@code failing}
   * @param issuer who issued the active certificate
   * @param expires when the active certificate expires; it is renewed well before
   * @param error why the last attempt to get one failed
   * @param nextTry when the next attempt is due after a failure
   * @param verification whether control of the name is proven: {@code verified}, or {@code pending}
   *     or {@code failed} (not routed, no certificate asked for: {@code GET …/domains/{host}} says
   *     what to do)
   */
  record Name(
      String host,
      String certificate,
      String issuer,
      Instant expires,
      String error,
      Instant nextTry,
      String verification) {}

  /** The app's HTTPS: whether HTTP redirects, and each name, Paddock's first. */
  record View(boolean httpsOnly, List<Name> names) {}

  /**
   * @param httpsOnly whether HTTP redirects to HTTPS once a name has its certificate
   */
  record Change(Boolean httpsOnly) {}

  @GetMapping
  View get(App app) {
    return view(app);
  }

  @PutMapping
  View set(@Writable App app, @RequestBody Change change) {
    if (change.httpsOnly() == null) {
      throw new MissingHttpsOnlyException();
    }
    settings.setHttpsOnly(app.id(), change.httpsOnly());
    published.publishEvent(new RoutesChanged());
    return view(app);
  }

  private View view(App app) {
    String base = edge.host(app.tenant().name().value(), app.name().value());
    List<Name> names =
        Stream.concat(
                Stream.of(name(base, "verified")),
                domains.claims(app.id()).stream()
                    .map(
                        claim -> {
                          var v = DomainController.Verification.of(claim);
                          return claim.verified()
                              ? name(claim.host(), v.state())
                              : new Name(claim.host(), "off", null, null, null, null, v.state());
                        }))
            .toList();
    return new View(settings.httpsOnly(app.id()), names);
  }

  private Name name(String host, String verification) {
    return certificates
        .of(host)
        .map(failures::remembered)
        .map(
            c ->
                new Name(
                    host,
                    c.state().name().toLowerCase(Locale.ROOT),
                    c.issuer(),
                    c.expires(),
                    c.error(),
                    c.nextTry(),
                    verification))
        .orElse(new Name(host, "off", null, null, null, null, verification));
  }

  /** A change that does not say what to set. */
  static class MissingHttpsOnlyException extends ApiException {
    MissingHttpsOnlyException() {
      super(
          ProblemType.INVALID_HTTPS,
          "Send {\"httpsOnly\": true} to redirect HTTP to HTTPS, or false to serve both");
    }
  }
}
