package dev.paddock.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.paddock.Installation;
import dev.paddock.routing.EdgeContainer;
import dev.paddock.sandbox.Activator;
import dev.paddock.sandbox.AppSockets;
import dev.paddock.sandbox.EgressFloor;
import dev.paddock.sandbox.EgressPolicy;
import dev.paddock.sandbox.Pausing;
import dev.paddock.sandbox.SandboxLogs;
import dev.paddock.sandbox.SandboxProperties;
import dev.paddock.sandbox.SandboxReadings;
import dev.paddock.sandbox.SocketActivator;
import dev.paddock.sandbox.SocketDirectories;
import dev.paddock.sandbox.SocketMounts;
import dev.paddock.sandbox.SocketUpstreams;
import dev.paddock.sandbox.TenantEgress;
import dev.paddock.sandbox.Upstreams;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the Docker driver to the daemon named by {@code DOCKER_HOST} (default: the local socket),
 * unless {@code paddock.sandbox.driver} chooses another engine. Requests that stay open go through
 * a client of their own ({@link DockerStreams}), so that however many sandboxes run, every other
 * call finds a free connection.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(
    name = "paddock.sandbox.driver",
    havingValue = "docker",
    matchIfMissing = true)
class DockerConfiguration {

  private static final Logger log = LoggerFactory.getLogger(DockerConfiguration.class);

  @Bean(destroyMethod = "close")
  DockerClient dockerClient(MeterRegistry registry) {
    var config = config();
    DockerClient docker =
        DockerClientImpl.getInstance(config, new TimedEngineCalls(http(config, 64), registry));
    try {
      var version = docker.versionCmd().exec();
      log.info(
          "Docker engine {} (API {}) at {}",
          version.getVersion(),
          version.getApiVersion(),
          config.getDockerHost());
    } catch (RuntimeException e) {
      log.warn(
          "Docker is not reachable at {} ({}): apps cannot run until it is",
          config.getDockerHost(),
          e.getMessage());
    }
    return docker;
  }

  @Bean(destroyMethod = "close")
  DockerStreams dockerStreams() {
    var config = config();
    return new DockerStreams(
        DockerClientImpl.getInstance(config, http(config, DockerStreams.CONNECTIONS)));
  }

  /** The engine's health indicator, {@code docker} in {@code /actuator/health}. */
  @Bean
  DockerHealth dockerHealthIndicator(DockerClient docker) {
    return new DockerHealth(docker, config().getDockerHost().toString());
  }

  /** As root iptables runs here; otherwise through Docker, in the host's network namespace. */
  @Bean
  SandboxEgress sandboxEgress(
      Installation installation,
      EgressPolicy policy,
      EgressFloor floor,
      TenantEgress.Source tenants,
      DockerClient docker,
      SandboxProperties properties) {
    HostCommand.Runner host =
        Installation.asRoot()
            ? HostCommand.Runner.LOCAL
            : new HostNetworkContainer(
                new HelperContainer(docker, properties.image(), installation.name()));
    return new SandboxEgress(
        new EgressFirewall(installation.name(), policy, floor, HostResolvers.ofHost(), host),
        Installation.asRoot(),
        policy.enforce(),
        tenants);
  }

  /** Without root, apps' socket directories are mounted through a helper container. */
  @Bean
  SocketMounts dockerSocketMounts(
      DockerClient docker,
      Installation installation,
      SandboxProperties properties,
      AppSockets sockets) {
    return new DockerSocketMounts(
        new HelperContainer(docker, properties.image(), installation.name()), sockets.root());
  }

  /**
   * The edge's container, which a control plane without root runs its httpd in: another uid, and no
   * access to the engine.
   */
  @Bean
  EdgeContainer dockerEdgeContainer(
      DockerClient docker,
      Installation installation,
      SandboxProperties properties,
      AppSockets sockets) {
    return new DockerEdgeContainer(docker, properties.image(), installation.name(), sockets.root());
  }

  /** Each sandbox serves on a Unix socket that is switched into its slot. */
  @Bean
  Upstreams socketUpstreams(AppSockets sockets) {
    return new SocketUpstreams(sockets);
  }

  /** While an app sleeps, the control plane holds its requests on its own stable sockets. */
  @Bean
  Activator socketActivator(AppSockets sockets, SandboxProperties properties) {
    return new SocketActivator(sockets, properties.startTimeout().plusSeconds(15));
  }

  /** A sleeping app's sandboxes are frozen in place first, so that a wake takes milliseconds. */
  @Bean
  Pausing containerPauses(DockerClient docker) {
    return new ContainerPauses(docker);
  }

  /** How containers do: whether they run and serve, and what they use. */
  @Bean
  SandboxReadings dockerReadings(DockerClient docker) {
    return new DockerReadings(docker);
  }

  /** What containers wrote; a follow stays open, so it goes through the streams' client. */
  @Bean
  SandboxLogs containerLogs(DockerClient docker, DockerStreams streams) {
    return new ContainerLogs(docker, streams.docker());
  }

  /** The engine's driver, and its capabilities: watching deaths, builds, AOT training. */
  @Bean
  DockerSandboxDriver dockerSandboxDriver(
      DockerClient docker,
      DockerStreams streams,
      Installation installation,
      SandboxProperties properties,
      SocketDirectories sockets,
      SandboxEgress egress) {
    var driver =
        new DockerSandboxDriver(
            docker,
            streams,
            new ReleaseImages(docker, installation, properties),
            sockets,
            installation,
            properties,
            egress);
    try {
      driver.restrictEgress();
    } catch (RuntimeException e) {
      // Every sandbox start restricts its network's egress first, and fails while it cannot.
      log.warn("Cannot restrict sandbox egress yet: {}", e.getMessage());
    }
    return driver;
  }

  // No API version is pinned: requests go unversioned and the daemon answers in its own version,
  // so any daemon from API 1.41 on works.
  private static DefaultDockerClientConfig config() {
    return DefaultDockerClientConfig.createDefaultConfigBuilder().build();
  }

  private static DockerHttpClient http(DefaultDockerClientConfig config, int connections) {
    return new ApacheDockerHttpClient.Builder()
        .dockerHost(config.getDockerHost())
        .sslConfig(config.getSSLConfig())
        .maxConnections(connections)
        .connectionTimeout(Duration.ofSeconds(5))
        .responseTimeout(Duration.ofMinutes(5))
        .build();
  }
}
