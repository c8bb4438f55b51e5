package dev.paddock.idle;

import dev.paddock.app.App;
import dev.paddock.app.AppChanged;
import dev.paddock.app.RoutesChanged;
import dev.paddock.app.Writable;
import java.time.Duration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * How long an app may stay idle before it sleeps. Setting it restarts nothing; turning it off
 * ({@code null}) wakes a sleeping app. httpd's proxy timeout of an app that may sleep leaves room
 * for a wake, so the edge is rewritten.
 */
@RestController
@RequestMapping("/api/v1/tenants/{tenant}/apps/{app}/idle")
class IdleController {

  private final SleepSettings settings;
  private final SleepAfterRule rule;
  private final ApplicationEventPublisher published;

  IdleController(SleepSettings settings, SleepAfterRule rule, ApplicationEventPublisher published) {
    this.settings = settings;
    this.rule = rule;
    this.published = published;
  }

  /**
   * @param sleepAfter how long without a request before the app sleeps; {@code null}: never
   * @param asleep whether it sleeps now (ignored when sent)
   */
  record Idle(Duration sleepAfter, Boolean asleep) {}

  @GetMapping
  Idle get(App app) {
    return new Idle(app.sleepAfter(), app.asleep());
  }

  @PutMapping
  Idle set(@Writable App app, @RequestBody Idle request) {
    Duration sleepAfter = request.sleepAfter();
    rule.check(sleepAfter);
    settings.set(app.id(), sleepAfter);
    published.publishEvent(new RoutesChanged());
    published.publishEvent(new AppChanged(app.id()));
    return new Idle(sleepAfter, sleepAfter != null && app.asleep());
  }
}
