package dev.paddock.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Whether the Docker engine answers, {@code docker} in {@code /actuator/health}: apps keep serving
 * while it is away, but none can be deployed, restarted or recovered. A ping that takes longer than
 * a few seconds is an engine that is not answering. Thread-safe.
 */
final class DockerHealth implements HealthIndicator {

  static final Duration TIMEOUT = Duration.ofSeconds(3);

  private final DockerClient docker;
  private final String host;

  DockerHealth(DockerClient docker, String host) {
    this.docker = docker;
    this.host = host;
  }

  @Override
  public Health health() {
    var ping =
        CompletableFuture.runAsync(() -> docker.pingCmd().exec(), Thread::startVirtualThread);
    try {
      ping.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return Health.up().withDetail("host", host).build();
    } catch (ExecutionException e) {
      return down("the Docker engine does not answer: " + e.getCause().getMessage());
    } catch (TimeoutException e) {
      ping.cancel(true);
      return down("the Docker engine did not answer a ping within " + TIMEOUT.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return down("interrupted");
    }
  }

  private Health down(String problem) {
    return Health.down().withDetail("host", host).withDetail("problem", problem).build();
  }
}
