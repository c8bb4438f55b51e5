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
          .exec(new Frames(frame -> text(frame).lines().forEach(lines::add)))
          .completed(10, TimeUnit.SECONDS);
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
            .exec(
                new Frames(
                    frame -> lines(frame).filter(l -> l.at().isAfter(since)).forEach(sink)))) {
      stream.completed();
    } catch (NotFoundException | ConflictException goneOrDead) {
      // Nothing more to follow.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Hands each frame on. A stream the engine breaks off (its container removed meanwhile, a reset)
   * is thrown to the caller, who reports it once: docker-java's own handling would log it as an
   * error with its stack trace as well.
   */
  private static final class Frames extends ResultCallback.Adapter<Frame> {

    private final Consumer<Frame> each;
    private volatile Throwable failure;

    Frames(Consumer<Frame> each) {
      this.each = each;
    }

    @Override
    public void onNext(Frame frame) {
      each.accept(frame);
    }

    @Override
    public void onError(Throwable throwable) {
      failure = throwable;
      try {
        close();
      } catch (IOException closing) {
        // It ends either way.
      }
    }

    /** Waits for the end; throws what broke the stream off, if anything. */
    void completed() throws InterruptedException {
      awaitCompletion();
      rethrow();
    }

    /** Waits up to the timeout for the end; throws what broke the stream off, if anything. */
    void completed(long timeout, TimeUnit unit) throws InterruptedException {
      awaitCompletion(timeout, unit);
      rethrow();
    }

    private void rethrow() {
      switch (failure) {
        case null -> {}
        case RuntimeException e -> throw e;
        case Error e -> throw e;
        case IOException e -> throw new UncheckedIOException(e);
        default -> throw new IllegalStateException(failure);
      }
    }
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
