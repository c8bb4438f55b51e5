package dev.paddock.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallbackTemplate;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.paddock.sandbox.LogLine;
import dev.paddock.sandbox.Sandbox;
import dev.paddock.support.Infrastructure;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A follow of a real container's output ends when its thread is interrupted, and gives its
 * connection back: a stream client of one connection serves follow after follow. A container
 * removed while it waited for its turn is not followed, and is no error in the log.
 */
class ContainerLogsIT {

  private static final Duration GENEROUS = Duration.ofSeconds(60);

  private final DockerClient docker = Infrastructure.docker();

  @BeforeAll
  static void requireDocker() {
    Infrastructure.requireDockerAndHttpd();
  }

  @Test
  void anInterruptedFollowEndsAndItsConnectionServesTheNextOne() throws IOException {
    String id = serving();
    try (DockerClient oneConnection = client(1)) {
      ContainerLogs logs = new ContainerLogs(docker, oneConnection);
      Sandbox sandbox = sandbox(id);
      for (int turn = 0; turn < 3; turn++) {
        List<LogLine> lines = new CopyOnWriteArrayList<>();
        Thread follow =
            Thread.ofVirtual().start(() -> logs.follow(sandbox, Instant.EPOCH, lines::add));
        await().atMost(GENEROUS).until(() -> !lines.isEmpty());

        follow.interrupt();

        await().atMost(GENEROUS).until(() -> !follow.isAlive());
        assertThat(lines.getFirst().text()).startsWith("Serving /tmp");
      }
    } finally {
      docker.removeContainerCmd(id).withForce(true).exec();
    }
  }

  @Test
  void aContainerGoneBeforeItsTurnIsNeitherFollowedNorAnErrorInTheLog() {
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    Logger callbacks = (Logger) LoggerFactory.getLogger(ResultCallbackTemplate.class);
    callbacks.addAppender(logged);
    String id = serving();
    docker.removeContainerCmd(id).withForce(true).exec();
    try {
      ContainerLogs logs = new ContainerLogs(docker, docker);
      List<LogLine> lines = new CopyOnWriteArrayList<>();

      logs.follow(sandbox(id), Instant.EPOCH, lines::add);

      assertThat(lines).isEmpty();
      assertThat(logs.logs(sandbox(id), 10)).isEmpty();
      assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).isEmpty();
    } finally {
      callbacks.detachAppender(logged);
    }
  }

  /** A container of the sandbox image that writes a line and then serves on, silent. */
  private String serving() {
    String id =
        docker
            .createContainerCmd(Infrastructure.IMAGE)
            .withName(Infrastructure.uniqueName("logs"))
            .withEntrypoint("java")
            .withCmd("-m", "jdk.httpserver", "-b", "127.0.0.1", "-d", "/tmp")
            .withHostConfig(HostConfig.newHostConfig().withMemory(128L << 20).withPidsLimit(64L))
            .exec()
            .getId();
    docker.startContainerCmd(id).exec();
    return id;
  }

  private static DockerClient client(int connections) {
    var config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
    return DockerClientImpl.getInstance(
        config,
        new ApacheDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .maxConnections(connections)
            .connectionTimeout(Duration.ofSeconds(5))
            .responseTimeout(Duration.ofMinutes(5))
            .build());
  }

  private static Sandbox sandbox(String id) {
    return new Sandbox(
        id,
        "logs-" + id,
        1,
        1,
        1,
        "spec",
        0,
        Sandbox.State.RUNNING,
        URI.create("http://localhost:9000"),
        Instant.now());
  }
}
