package dev.paddock.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.paddock.sandbox.LogLine;
import dev.paddock.sandbox.Sandbox;
import dev.paddock.sandbox.SandboxLogs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** What a sandbox wrote to stdout and stderr, as Docker keeps it: the last lines, or a follow. */
class ContainerLogs implements SandboxLogs {

  private final DockerClient docker;
  private final DockerClient streams;

  /** Tails through {@code docker}; follows, which stay open, through {@code streams}. */
  ContainerLogs(DockerClient docker, DockerClient streams) {
    this.docker = docker;
    this.streams = streams;
  }

  @Override
  public List<String> logs(Sandbox sandbox, int tail) {
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    try {
      docker
          .logContainerCmd(sandbox.id())
          .withStdOut(true)
          .withStdErr(true)
          .withTail(tail)
          .exec(frames(frame -> text(frame).lines().forEach(lines::add)))
          .awaitCompletion(10, TimeUnit.SECONDS);
    } catch (NotFoundException e) {
      return List.of();
    } catch (ConflictException deadOrBeingRemoved) {
      // A container that a stopping engine left dead keeps no logs: it is removed, not read.
      return List.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return List.copyOf(lines);
  }

  /**
   * Hands on every line written from {@code since} on, until the sandbox stops or the calling
   * thread is interrupted; either way the stream and its connection are closed on return.
   */
  @Override
  public void follow(Sandbox sandbox, Instant since, Consumer<LogLine> sink) {
    try (var stream =
        streams
            .logContainerCmd(sandbox.id())
            .withStdOut(true)
            .withStdErr(true)
            .withTimestamps(true)
            .withFollowStream(true)
            .withSince((int) since.getEpochSecond())
            .exec(frames(frame -> lines(frame).filter(l -> l.at().isAfter(since)).forEach(sink)))) {
      stream.awaitCompletion();
    } catch (NotFoundException | ConflictException goneOrDead) {
      // Nothing more to follow.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ResultCallback.Adapter<Frame> frames(Consumer<Frame> each) {
    return new ResultCallback.Adapter<>() {
      @Override
      public void onNext(Frame frame) {
        each.accept(frame);
      }
    };
  }

  private static Stream<LogLine> lines(Frame frame) {
    boolean stderr = frame.getStreamType() == StreamType.STDERR;
    return text(frame).lines().map(line -> timestamped(line, stderr));
  }

  private static String text(Frame frame) {
    return new String(frame.getPayload(), StandardCharsets.UTF_8);
  }

  /** A line as Docker sends it with timestamps: {@code 2026-01-01T00:00:00.123456789Z text}. */
  private static LogLine timestamped(String line, boolean stderr) {
    int space = line.indexOf(' ');
    try {
      return new LogLine(
          Instant.parse(line.substring(0, space)), stderr, line.substring(space + 1));
    } catch (RuntimeException notTimestamped) {
      return new LogLine(Instant.now(), stderr, line);
    }
  }
}
