package dev.paddock.metrics;

import dev.paddock.leader.Leadership;
import dev.paddock.sandbox.Sandbox;
import dev.paddock.sandbox.SandboxDriver;
import dev.paddock.sandbox.Usage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Samples every running sandbox each interval, all at once: stores the readings, drops those older
 * than the window, shows the latest as gauges and publishes them as {@link SamplesTaken}.
 */
@Component
class Sampler {

  private static final Logger log = LoggerFactory.getLogger(Sampler.class);

  private final SandboxDriver driver;
  private final Samples samples;
  private final SandboxGauges gauges;
  private final MetricsProperties properties;
  private final ApplicationEventPublisher publisher;
  private final Clock clock;
  private final Leadership leadership;

  Sampler(
      SandboxDriver driver,
      Samples samples,
      SandboxGauges gauges,
      MetricsProperties properties,
      ApplicationEventPublisher publisher,
      Clock clock,
      Leadership leadership) {
    this.driver = driver;
    this.samples = samples;
    this.gauges = gauges;
    this.properties = properties;
    this.publisher = publisher;
    this.clock = clock;
    this.leadership = leadership;
  }

  @Scheduled(
      fixedDelayString = "${paddock.metrics.interval:5s}",
      initialDelayString = "${paddock.metrics.interval:5s}")
  void sample() {
    if (!leadership.isLeader()) {
      return;
    }
    try {
      List<Sample> taken = read(driver.list());
      samples.record(taken);
      samples.prune(clock.instant().minus(properties.window()));
      gauges.show(taken, samples.appNames());
      publisher.publishEvent(new SamplesTaken(taken));
    } catch (RuntimeException e) {
      log.warn("Sampling sandboxes failed, the next interval retries: {}", e.getMessage());
    }
  }

  private List<Sample> read(List<Sandbox> sandboxes) {
    List<Sandbox> running =
        sandboxes.stream().filter(s -> s.state() == Sandbox.State.RUNNING).toList();
    List<Future<Optional<Usage>>> readings = new ArrayList<>();
    try (ExecutorService all = Executors.newVirtualThreadPerTaskExecutor()) {
      running.forEach(sandbox -> readings.add(all.submit(() -> driver.usage(sandbox))));
    }
    Instant at = clock.instant();
    List<Sample> taken = new ArrayList<>();
    for (int i = 0; i < running.size(); i++) {
      Sandbox sandbox = running.get(i);
      try {
        readings.get(i).get().ifPresent(u -> taken.add(new Sample(sandbox, at, u)));
      } catch (ExecutionException e) {
        log.debug("No reading of {}: {}", sandbox.name(), e.getCause().getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return taken;
  }
}
