package dev.paddock.app;

import dev.paddock.auth.Caller;
import dev.paddock.events.Events;
import dev.paddock.jvm.JvmMemory;
import dev.paddock.naming.DnsLabel;
import dev.paddock.routing.EdgeProperties;
import dev.paddock.sandbox.Limits;
import dev.paddock.tenant.Tenant;
import dev.paddock.tenant.Tenants;
import dev.paddock.web.ApiException;
import dev.paddock.web.ProblemType;
import dev.paddock.web.RequestValidator;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A tenant's apps: create, read, list, scale, delete. */
@RestController
@RequestMapping("/api/v1/tenants/{tenant}/apps")
class AppController {

  private final Tenants tenants;
  private final Apps apps;
  private final ApplicationEventPublisher published;
  private final EdgeProperties edge;
  private final LimitDefaults defaults;
  private final LimitCeilings ceilings;
  private final Events events;
  private final Quotas quotas;
  private final TransactionTemplate transaction;
  private final RequestValidator validator;

  AppController(
      Tenants tenants,
      Apps apps,
      ApplicationEventPublisher published,
      EdgeProperties edge,
      LimitDefaults defaults,
      LimitCeilings ceilings,
      Events events,
      Quotas quotas,
      TransactionTemplate transaction,
      RequestValidator validator) {
    this.tenants = tenants;
    this.apps = apps;
    this.published = published;
    this.edge = edge;
    this.defaults = defaults;
    this.ceilings = ceilings;
    this.events = events;
    this.quotas = quotas;
    this.transaction = transaction;
    this.validator = validator;
  }

  /**
   * @param instances how many sandboxes serve the app side by side; 1 when absent
   */
  record CreateApp(@NotNull DnsLabel name, LimitsRequest limits, Integer instances) {}

  record Scale(Integer instances) {}

  record RequestTimeout(Integer seconds) {}

  /**
   * @param jvm how the JVM of the release the app runs (or is deploying) splits its memory limit;
   *     null before the first deploy
   */
  record AppView(
      String name,
      String tenant,
      String url,
      String status,
      Integer liveRelease,
      Integer targetRelease,
      LimitsView limits,
      JvmMemory.View jvm,
      int scale,
      int requestTimeoutSeconds,
      List<Apps.Instance> instances,
      String lastError,
      Instant createdAt) {}

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  AppView create(
      @AuthenticationPrincipal Caller caller,
      @PathVariable DnsLabel tenant,
      @RequestBody(required = false) CreateApp request) {
    Tenant owner = tenants.visibleTo(caller, tenant);
    caller.requireWrite(owner.name());
    validator.check(request);
    Limits limits =
        ceilings.check(
            request.limits() == null ? defaults.limits() : request.limits().or(defaults.limits()));
    int instances = request.instances() == null ? 1 : Instances.check(request.instances());
    App app =
        transaction.execute(
            status -> {
              quotas.admit(owner, 1, instances, limits.memory().toBytes() * instances);
              return apps.create(owner, request.name(), limits, instances);
            });
    published.publishEvent(new RoutesChanged());
    return view(app);
  }

  /**
   * Sets how many instances serve the app. Not a new release: new instances run the live one,
   * removed ones drain first, and the others keep serving throughout.
   */
  @PutMapping("/{app}/scale")
  AppView scale(@Writable App app, @RequestBody Scale request) {
    int instances = Instances.check(request.instances());
    if (instances != app.instances()) {
      int added = instances - app.instances();
      transaction.executeWithoutResult(
          status -> {
            quotas.admit(app.tenant(), 0, added, app.limits().memory().toBytes() * added);
            apps.setInstances(app.id(), instances);
          });
      events.record(
          app.tenant().id(),
          app.id(),
          "app.scaled",
          "Scaled from %d to %d instance(s)".formatted(app.instances(), instances));
      published.publishEvent(new AppChanged(app.id()));
    }
    return view(apps.byId(app.id()).orElseThrow());
  }

  /**
   * Sets how long the app may take to answer: past it, a handler's request is answered 504 by its
   * runner (and the handler interrupted), any app's by httpd 5 s later. Reloads httpd and replaces
   * the sandboxes, one at a time, so that they get the new bound.
   */
  @PutMapping("/{app}/request-timeout")
  AppView requestTimeout(@Writable App app, @RequestBody RequestTimeout request) {
    Integer seconds = request.seconds();
    if (seconds == null || seconds < 1 || seconds > 3600) {
      throw new InvalidTimeoutException("seconds must be between 1 and 3600, got " + seconds);
    }
    apps.setRequestTimeout(app.id(), seconds);
    published.publishEvent(new RoutesChanged());
    published.publishEvent(new AppChanged(app.id()));
    return view(apps.byId(app.id()).orElseThrow());
  }

  @GetMapping
  List<AppView> list(@AuthenticationPrincipal Caller caller, @PathVariable DnsLabel tenant) {
    return views(apps.list(tenants.visibleTo(caller, tenant)));
  }

  @GetMapping("/{app}")
  AppView get(App app) {
    return view(app);
  }

  @DeleteMapping("/{app}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(@Writable App app) {
    apps.delete(app);
    published.publishEvent(new RoutesChanged());
    published.publishEvent(new AppChanged(app.id()));
  }

  private AppView view(App app) {
    return views(List.of(app)).getFirst();
  }

  /** The apps' views, in a fixed number of queries however many apps there are. */
  private List<AppView> views(List<App> list) {
    Map<Long, List<Apps.Instance>> instances = apps.instances(list.stream().map(App::id).toList());
    Map<Long, Apps.Deployed> deployed =
        apps.deployed(
            list.stream()
                .flatMap(app -> Stream.of(app.liveDeployId(), app.targetDeployId()))
                .toList());
    return list.stream()
        .map(
            app -> {
              List<Apps.Instance> its = instances.getOrDefault(app.id(), List.of());
              Apps.Deployed live = deployed.get(app.liveDeployId());
              Apps.Deployed target = deployed.get(app.targetDeployId());
              JvmMemory memory = target == null ? null : target.memory(app.limits());
              return new AppView(
                  app.name().value(),
                  app.tenant().name().value(),
                  edge.url(app.tenant().name().value(), app.name().value()),
                  status(app, its),
                  live == null ? null : live.version(),
                  target == null ? null : target.version(),
                  LimitsView.of(app.limits()),
                  memory == null ? null : memory.view(),
                  app.instances(),
                  app.requestTimeoutSeconds(),
                  its,
                  app.lastError(),
                  app.createdAt());
            })
        .toList();
  }

  private static String status(App app, List<Apps.Instance> instances) {
    if (app.targetDeployId() == null) {
      return app.lastError() == null ? "created" : "failed";
    }
    if (!app.targetDeployId().equals(app.liveDeployId())) {
      return "deploying";
    }
    if (app.asleep()) {
      return "asleep";
    }
    return instances.stream().anyMatch(i -> i.state().equals("running")) ? "running" : "down";
  }

  /** A request timeout out of range. */
  static class InvalidTimeoutException extends ApiException {
    InvalidTimeoutException(String detail) {
      super(ProblemType.INVALID_REQUEST_TIMEOUT, detail);
    }
  }
}
