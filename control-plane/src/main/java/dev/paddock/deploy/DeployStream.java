package dev.paddock.deploy;

import dev.paddock.streams.StreamProperties;
import dev.paddock.streams.StreamSlots;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Streams a rollout's steps as server-sent events until it ends. It reads the steps from
 * PostgreSQL, so it follows rollouts driven by any control-plane replica.
 */
@Component
class DeployStream {

  private static final Duration LIMIT = Duration.ofMinutes(15);

  private final Deploys deploys;
  private final StreamProperties streams;
  private final ExecutorService followers = Executors.newVirtualThreadPerTaskExecutor();

  DeployStream(Deploys deploys, StreamProperties streams) {
    this.deploys = deploys;
    this.streams = streams;
  }

  /**
   * Streams the deploy's steps; the stream holds {@code slot} until it ends, then gives it back.
   */
  SseEmitter follow(long appId, long id, StreamSlots.Slot slot) {
    SseEmitter emitter = slot.heldBy(new SseEmitter(LIMIT.toMillis()));
    followers.execute(
        () -> {
          try {
            send(appId, id, emitter);
            emitter.complete();
          } catch (IOException | IllegalStateException clientGone) {
            emitter.completeWithError(clientGone);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            emitter.complete();
          } finally {
            slot.give();
          }
        });
    return emitter;
  }

  /** Sends each new step, then the finished deploy, or stops at the time limit. */
  private void send(long appId, long id, SseEmitter emitter)
      throws IOException, InterruptedException {
    int sent = 0;
    long deadline = System.nanoTime() + LIMIT.toNanos();
    long quietSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      Deploy deploy = deploys.get(appId, id);
      for (Deploy.Step step : deploy.steps().subList(sent, deploy.steps().size())) {
        emitter.send(SseEmitter.event().name("step").data(step));
        quietSince = System.nanoTime();
      }
      sent = deploy.steps().size();
      if (deploy.finished()) {
        emitter.send(SseEmitter.event().name("done").data(deploy));
        return;
      }
      if (System.nanoTime() - quietSince > streams.keepAlive().toNanos()) {
        // Finds out whether the client is still there, so a gone one frees its place.
        emitter.send(SseEmitter.event().comment("waiting"));
        quietSince = System.nanoTime();
      }
      Thread.sleep(streams.poll());
    }
  }
}
