package dev.paddock.metrics;

import dev.paddock.leader.Leadership;
import dev.paddock.sandbox.Sandbox;
import dev.paddock.sandbox.SandboxListing;
import dev.paddock.sandbox.SandboxReadings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.TriggerContext;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Samples every running sandbox each interval, their readings spread over the first half of it and
 * at most {@code readings-per-second} a second (beyond that a pass takes longer than the interval,
 * and the next begins as it ends): stores the readings, drops those older than the window, shows
 * the latest as gauges and publishes them as {@link SamplesTaken}.
 */
@Component
class Sampler implements SchedulingConfigurer {

  private static final Logger log = LoggerFactory.getLogger(Sampler.class);

  private final SandboxListing listing;
  private final SandboxReadings readings;
  private final Samples samples;
  private final SandboxGauges gauges;
  private final MetricsProperties properties;
  private final ApplicationEventPublisher publisher;
  private final Clock clock;
  private final Leadership leadership;
  private final Executor readers = task -> Thread.ofVirtual().name("sampler").start(task);
  private volatile Duration every;

  Sampler(
      SandboxListing listing,
      SandboxReadings readings,
      Samples samples,
      SandboxGauges gauges,
      MetricsProperties properties,
      ApplicationEventPublisher publisher,
      Clock clock,
      Leadership leadership) {
    this.listing = listing;
    this.readings = readings;
    this.samples = samples;
    this.gauges = gauges;
    this.properties = properties;
    this.publisher = publisher;
    this.clock = clock;
    this.leadership = leadership;
    this.every = properties.interval();
  }

  /** How often each running sandbox is read now: the interval, or longer with many running. */
  Duration every() {
    return every;
  }

  /** A sample every {@code paddock.metrics.interval}, the first one interval after the start. */
  @Override
  public void configureTasks(ScheduledTaskRegistrar tasks) {
    tasks.addTriggerTask(this::sample, this::next);
  }

  /**
   * An interval after the last pass began, or as it ended when that was later: a pass longer than
   * the interval (many sandboxes) is followed by the next one, never by passes back to back that
   * catch up on those a fixed rate would have begun meanwhile.
   */
  Instant next(TriggerContext context) {
    Instant began = context.lastActualExecution();
    if (began == null) {
      return context.getClock().instant().plus(properties.interval());
    }
    Instant due = began.plus(properties.interval());
    Instant ended = context.lastCompletion();
    return ended != null && ended.isAfter(due) ? ended : due;
  }

  void sample() {
    if (!leadership.isLeader()) {
      return;
    }
    try {
      // A listing as old as the interval: a sandbox started since is read next time.
      List<Sample> taken = read(listing.within(properties.interval()));
      samples.record(taken);
      samples.prune(clock.instant().minus(properties.window()));
      gauges.show(taken, samples.appNames());
      publisher.publishEvent(new SamplesTaken(taken));
    } catch (RuntimeException e) {
      log.warn("Sampling sandboxes failed, the next interval retries: {}", e.getMessage());
    }
  }

  /**
   * Every running sandbox's reading, each on its own virtual thread and within the reading timeout:
   * a sandbox whose reading does not come in time is left out of this pass (its reading goes on
   * alone until the driver's own bounds end it), so no sandbox holds the others' readings back. The
   * readings start one after another over the first half of the interval: hundreds of runners asked
   * at the same instant woke hundreds of JVMs at once, and every other process on the host, the
   * API's answers among them, waited behind them. No more than {@code readings-per-second} start a
   * second: each reading costs the runner's JVM and the control plane some CPU, and with hundreds
   * of sandboxes a reading every few milliseconds took the host's cores from the API's answers.
   */
  List<Sample> read(List<Sandbox> sandboxes) {
    List<Sandbox> running =
        sandboxes.stream().filter(s -> s.state() == Sandbox.State.RUNNING).toList();
    every = properties.every(running.size());
    long apart = properties.apart(running.size()).toNanos();
    List<CompletableFuture<Optional<Sample>>> readings = new ArrayList<>();
    for (int i = 0; i < running.size(); i++) {
      readings.add(reading(running.get(i), i * apart));
    }
    CompletableFuture.allOf(readings.toArray(CompletableFuture[]::new))
        .exceptionally(failed -> null)
        .join();
    List<Sample> taken = new ArrayList<>();
    for (int i = 0; i < running.size(); i++) {
      try {
        readings.get(i).join().ifPresent(taken::add);
      } catch (CompletionException | CancellationException e) {
        log.debug("No reading of {}: {}", running.get(i).name(), e.getMessage());
      }
    }
    return taken;
  }

  /** A sandbox's reading, stamped when it came in (a pass may last longer than the interval). */
  private CompletableFuture<Optional<Sample>> reading(Sandbox sandbox, long afterNanos) {
    Executor later = CompletableFuture.delayedExecutor(afterNanos, TimeUnit.NANOSECONDS, readers);
    return CompletableFuture.supplyAsync(
            () -> readings.usage(sandbox).map(u -> new Sample(sandbox, clock.instant(), u)), later)
        .completeOnTimeout(
            Optional.empty(),
            afterNanos + properties.readingTimeout().toNanos(),
            TimeUnit.NANOSECONDS);
  }
}
