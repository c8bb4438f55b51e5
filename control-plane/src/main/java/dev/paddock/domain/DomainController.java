package dev.paddock.domain;

import dev.paddock.app.App;
import dev.paddock.app.RoutesChanged;
import dev.paddock.app.Writable;
import dev.paddock.naming.HostName;
import dev.paddock.routing.EdgeProperties;
import dev.paddock.web.ApiException;
import dev.paddock.web.ProblemType;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * An app's own host names, served by its virtual host next to the name Paddock gives it. Point the
 * name's DNS at the edge; names under Paddock's own base domain are Paddock's to give.
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenant}/apps/{app}/domains")
class DomainController {

  private final Domains domains;
  private final ApplicationEventPublisher published;
  private final EdgeProperties edge;

  DomainController(Domains domains, ApplicationEventPublisher published, EdgeProperties edge) {
    this.domains = domains;
    this.published = published;
    this.edge = edge;
  }

  @GetMapping
  List<String> list(App app) {
    return domains.of(app.id());
  }

  /** Adds the host name to the app (again is fine); answers all of the app's host names. */
  @PutMapping("/{host}")
  List<String> add(@Writable App app, @PathVariable HostName host) {
    if (host.within(edge.baseDomain())) {
      throw new ReservedDomainException(host, edge.baseDomain());
    }
    domains.add(app.id(), host);
    published.publishEvent(new RoutesChanged());
    return domains.of(app.id());
  }

  @DeleteMapping("/{host}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void remove(@Writable App app, @PathVariable HostName host) {
    domains.remove(app.id(), host);
    published.publishEvent(new RoutesChanged());
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
