package dev.paddock.diagnostics;

import dev.paddock.Installation;
import dev.paddock.sandbox.RunnerDiagnostics;
import dev.paddock.sandbox.Sandbox;
import dev.paddock.web.ApiException;
import dev.paddock.web.NotFoundException;
import dev.paddock.web.ProblemType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Flight recordings taken from sandboxes, kept as files under {@code <data dir>/recordings} until
 * their retention ends: each is taken on a virtual thread of its own, bounded in size by {@code
 * recordingMaxSize} and in time by its length, and all of them together by {@code
 * recordingsMaxSize}. A recording lives on the control plane that took it; one that restarts starts
 * with none. Thread-safe.
 */
@Component
class Recordings {

  private static final Logger log = LoggerFactory.getLogger(Recordings.class);

  /** How many recordings one tenant may keep at once, so that one cannot take the room of all. */
  static final int PER_TENANT = 8;

  private static final FileAttribute<?> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

  private final RunnerDiagnostics runner;
  private final DiagnosticsProperties properties;
  private final Clock clock;
  private final Path directory;
  private final Map<String, Recording> recordings = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();

  Recordings(DiagnosticsProperties properties, Installation installation, Clock clock) {
    this.runner = new RunnerDiagnostics(properties.timeout());
    this.properties = properties;
    this.clock = clock;
    this.directory = installation.dir("recordings");
    forgetEarlierOnes();
  }

  /** Where a recording is: running, failed with a reason, or done as a file. */
  sealed interface State {
    record Running() implements State {}

    record Failed(String reason) implements State {}

    record Done(Path file, long size) implements State {}
  }

  /** One recording of one app's sandbox. */
  record Recording(
      String id,
      long tenantId,
      long appId,
      int slot,
      String sandbox,
      int seconds,
      Instant started,
      State state) {

    Recording with(State next) {
      return new Recording(id, tenantId, appId, slot, sandbox, seconds, started, next);
    }
  }

  /** Starts recording the sandbox for {@code seconds}; returns at once. */
  synchronized Recording start(long tenantId, long appId, Sandbox sandbox, int seconds) {
    boolean busy =
        recordings.values().stream()
            .anyMatch(r -> r.sandbox().equals(sandbox.id()) && r.state() instanceof State.Running);
    if (busy) {
      throw new RecordingBusyException();
    }
    long ofTenant =
        recordings.values().stream()
            .filter(r -> r.tenantId() == tenantId && !(r.state() instanceof State.Failed))
            .count();
    if (ofTenant >= PER_TENANT
        || kept() + properties.recordingMaxSize().toBytes()
            > properties.recordingsMaxSize().toBytes()) {
      throw new RecordingsFullException(properties.recordingRetention());
    }
    String id = HexFormat.of().formatHex(bytes());
    Recording recording =
        new Recording(
            id,
            tenantId,
            appId,
            sandbox.slot(),
            sandbox.id(),
            seconds,
            clock.instant(),
            new State.Running());
    recordings.put(id, recording);
    Thread.ofVirtual().name("recording-" + id).start(() -> take(recording, sandbox));
    return recording;
  }

  /** The app's recording, or 404: another app's recordings do not exist for it. */
  Recording get(long appId, String id) {
    Recording recording = recordings.get(id);
    if (recording == null || recording.appId() != appId) {
      throw new NotFoundException("Recording", id);
    }
    return recording;
  }

  /** Deletes recordings past their retention, with their files. */
  @Scheduled(fixedDelayString = "PT1M")
  void expire() {
    Instant before = clock.instant().minus(properties.recordingRetention());
    for (Recording recording : recordings.values()) {
      if (recording.started().isBefore(before) && !(recording.state() instanceof State.Running)) {
        recordings.remove(recording.id());
        delete(recording);
      }
    }
  }

  private void take(Recording recording, Sandbox sandbox) {
    State state;
    try {
      // A recording shows what the app did and held: for the control plane's eyes only.
      Files.createDirectories(directory, OWNER_ONLY);
      Path partial = directory.resolve(recording.id() + ".partial");
      long size =
          runner.recording(
              sandbox.admin(),
              recording.seconds(),
              properties.recordingMaxSize().toBytes(),
              partial);
      Path file =
          Files.move(
              partial, directory.resolve(recording.id() + ".jfr"), StandardCopyOption.ATOMIC_MOVE);
      state = new State.Done(file, size);
    } catch (RunnerDiagnostics.DiagnosticsFailedException e) {
      state = new State.Failed(e.getMessage());
    } catch (IOException | RuntimeException e) {
      // Whatever it was, the recording ends: one left running would hold its room for good.
      log.warn("Could not keep recording {}: {}", recording.id(), e.toString());
      state = new State.Failed("the control plane could not keep the recording");
    }
    if (!recordings.replace(recording.id(), recording, recording.with(state))) {
      delete(recording.with(state));
    }
  }

  private long kept() {
    return recordings.values().stream()
        .mapToLong(
            r ->
                switch (r.state()) {
                  case State.Running running -> properties.recordingMaxSize().toBytes();
                  case State.Done done -> done.size();
                  case State.Failed failed -> 0;
                })
        .sum();
  }

  private byte[] bytes() {
    byte[] id = new byte[16];
    random.nextBytes(id);
    return id;
  }

  private static void delete(Recording recording) {
    if (recording.state() instanceof State.Done done) {
      try {
        Files.deleteIfExists(done.file());
      } catch (IOException e) {
        log.warn("Could not delete recording {}: {}", done.file(), e.getMessage());
      }
    }
  }

  /** Files left by an earlier run are no one's any more: nothing could ask for them by id. */
  private void forgetEarlierOnes() {
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (var files = Files.list(directory)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      log.warn("Could not clear {}: {}", directory, e.getMessage());
    }
  }

  /** A second recording of a sandbox while one runs. */
  static class RecordingBusyException extends ApiException {
    RecordingBusyException() {
      super(
          ProblemType.RECORDING_RUNNING,
          "This instance is being recorded already: download that recording when it is done, then"
              + " start another, or record another slot.");
    }
  }

  /** The recordings kept take all the room they may. */
  static class RecordingsFullException extends ApiException {
    private final Duration retention;

    RecordingsFullException(Duration retention) {
      super(
          ProblemType.RECORDINGS_FULL,
          ("The recordings kept take all the room allowed (%d per tenant, and"
                  + " paddock.diagnostics.recordings-max-size in all): try again once earlier ones"
                  + " expire, %d minutes after they started.")
              .formatted(PER_TENANT, retention.toMinutes()));
      this.retention = retention;
    }

    @Override
    public HttpHeaders headers() {
      HttpHeaders headers = new HttpHeaders();
      headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(Math.min(retention.toSeconds(), 300)));
      return headers;
    }
  }
}
