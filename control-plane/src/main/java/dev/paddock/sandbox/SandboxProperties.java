package dev.paddock.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Sandboxes ({@code paddock.sandbox.*}).
 *
 * @param driver the engine sandboxes run on: {@code docker} (the default) or {@code kubernetes};
 *     each driver's configuration is conditional on it; binding it here refuses a misspelt one
 * @param image the sandbox image; its default, set in application.yml at build time, is the tag
 *     that {@code sandbox-runner/build-image.sh} builds
 * @param socketDir where each app's socket directory lives; {@code <data dir>/run} when unset
 * @param startTimeout how long a new sandbox may take to become healthy
 * @param drainTimeout how long a stopping sandbox may finish in-flight requests
 * @param tmpSize the size of each sandbox's private {@code /tmp}
 * @param appPort the TCP port a runnable jar serves on inside its sandbox ({@code $PORT})
 * @param adminPort the runner's internal health and metrics port, never routed by httpd
 * @param logSize how much of a sandbox's stdout and stderr the engine keeps on the host per file
 *     (Docker's {@code json-file} {@code max-size}), before it starts the next file
 * @param logFiles how many such files it keeps per sandbox ({@code max-file}): a sandbox's output
 *     takes at most {@code logSize × logFiles} of the host's disk, however fast it writes
 * @param networkPool an IPv4 range tenant networks take a {@code /24} each from once Docker's own
 *     address pools (about 30 networks by default) are used up: pick one the host does not route
 *     elsewhere
 * @param startCpus the CPUs a sandbox may use from its start until it is first healthy, when more
 *     than its limit (0: its limit): a JVM's start is CPU-bound and compiles on threads of its own
 *     beside the app's main, so a start given idle cores ends sooner (a deploy, a restart, a wake,
 *     a recovery); CPU weights stay equal, so a busy host still shares its cores fairly, and the
 *     JVM is told its limit's processor count so that it sizes itself for the limit. On 2 cores,
 *     1.5 took as much off Spring Boot's start as 2, and left the control plane, dockerd and httpd
 *     the rest of a core, which 2 did not (bench/warm-start.sh)
 */
@ConfigurationProperties("paddock.sandbox")
public record SandboxProperties(
    @DefaultValue("docker") Driver driver,
    String image,
    Path socketDir,
    @DefaultValue("60s") Duration startTimeout,
    @DefaultValue("10s") Duration drainTimeout,
    @DefaultValue("64MB") DataSize tmpSize,
    @DefaultValue("8080") int appPort,
    @DefaultValue("9000") int adminPort,
    @DefaultValue("10MB") DataSize logSize,
    @DefaultValue("2") int logFiles,
    @DefaultValue("10.200.0.0/13") String networkPool,
    @DefaultValue("1.5") double startCpus) {

  public SandboxProperties {
    if (logSize.toBytes() < 1024 || logFiles < 1) {
      throw new IllegalArgumentException(
          "paddock.sandbox.log-size must be at least 1KB and paddock.sandbox.log-files at least 1,"
              + " got %s and %d".formatted(logSize, logFiles));
    }
    if (!(startCpus >= 0)) {
      throw new IllegalArgumentException(
          "paddock.sandbox.start-cpus must be 0 (a sandbox starts with its limit) or more, got "
              + startCpus);
    }
  }

  /** The engines there is a driver for. */
  public enum Driver {
    DOCKER,
    KUBERNETES
  }
}
