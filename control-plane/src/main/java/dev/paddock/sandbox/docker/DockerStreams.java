package dev.paddock.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;

/**
 * A Docker client of its own for the requests that stay open (log follows, the event stream): they
 * hold its pooled connections, never the ones every other Docker call waits for.
 */
record DockerStreams(DockerClient docker) implements AutoCloseable {

  /** More than the log collector follows at once (paddock.logs.followers), plus the events. */
  static final int CONNECTIONS = 256;

  @Override
  public void close() throws IOException {
    docker.close();
  }
}
