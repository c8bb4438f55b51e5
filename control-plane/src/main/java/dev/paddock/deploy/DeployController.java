package dev.paddock.deploy;

import dev.paddock.app.App;
import dev.paddock.app.AppChanged;
import dev.paddock.app.Writable;
import dev.paddock.auth.Caller;
import dev.paddock.jvm.MemoryCalculator;
import dev.paddock.naming.DnsLabel;
import dev.paddock.release.Release;
import dev.paddock.release.Releases;
import dev.paddock.release.Retention;
import dev.paddock.streams.StreamSlots;
import dev.paddock.web.ConflictException;
import dev.paddock.web.RequestValidator;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Rollouts: deploy a release, restart the live one, roll back to an earlier one. Each answers 202
 * at once; follow it at {@code deploys/{id}}, as JSON or as server-sent events. A release whose JVM
 * would not fit in the app's memory limit is refused with 422.
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenant}/apps/{app}")
class DeployController {

  private final Releases releases;
  private final Deploys deploys;
  private final ApplicationEventPublisher published;
  private final DeployStream stream;
  private final StreamSlots slots;
  private final RequestValidator validator;

  DeployController(
      Releases releases,
      Deploys deploys,
      ApplicationEventPublisher published,
      DeployStream stream,
      StreamSlots slots,
      RequestValidator validator) {
    this.releases = releases;
    this.deploys = deploys;
    this.published = published;
    this.stream = stream;
    this.slots = slots;
    this.validator = validator;
  }

  /**
   * @param release the version to deploy; the newest when absent
   */
  record DeployRequest(Integer release) {}

  /**
   * @param release the version to roll back to
   */
  record RollbackRequest(@NotNull Integer release) {}

  @PostMapping("/deploys")
  @ResponseStatus(HttpStatus.ACCEPTED)
  Deploy deploy(@Writable App app, @RequestBody(required = false) DeployRequest request) {
    Release release = releases.find(app.id(), request == null ? null : request.release());
    return start(app, release, Deploy.Kind.DEPLOY);
  }

  @PostMapping("/restart")
  @ResponseStatus(HttpStatus.ACCEPTED)
  Deploy restart(@Writable App app) {
    if (app.liveDeployId() == null) {
      throw new ConflictException("App '%s' has no live release to restart".formatted(app.name()));
    }
    int live = deploys.get(app.id(), app.liveDeployId()).release();
    return start(app, releases.find(app.id(), live), Deploy.Kind.RESTART);
  }

  @PostMapping("/rollback")
  @ResponseStatus(HttpStatus.ACCEPTED)
  Deploy rollback(@Writable App app, @RequestBody(required = false) RollbackRequest request) {
    validator.check(request);
    return start(app, releases.find(app.id(), request.release()), Deploy.Kind.ROLLBACK);
  }

  @GetMapping("/deploys")
  List<Deploy> list(App app) {
    return deploys.recent(app.id(), 20);
  }

  @GetMapping("/deploys/{id}")
  Deploy get(App app, @PathVariable long id) {
    return deploys.get(app.id(), id);
  }

  /**
   * The same deploy as a stream: one {@code step} event per step, then {@code done}. It holds one
   * of the caller's and the tenant's stream places while open.
   */
  @GetMapping(value = "/deploys/{id}", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter follow(
      @AuthenticationPrincipal Caller caller,
      @PathVariable DnsLabel tenant,
      App app,
      @PathVariable long id) {
    long appId = app.id();
    deploys.get(appId, id);
    return stream.follow(appId, id, slots.take(caller, tenant));
  }

  private Deploy start(App app, Release release, Deploy.Kind kind) {
    Retention.requireRetained(release);
    MemoryCalculator.require(
        app.limits().memory(),
        release.kind() == Release.Kind.HANDLER,
        release.classes(),
        "Release v" + release.version());
    Deploy deploy = deploys.accept(app.id(), release, kind, null);
    published.publishEvent(new AppChanged(app.id()));
    return deploy;
  }
}
