package dev.paddock.sandbox.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Follows Docker's event stream for the deaths of this installation's containers. */
class DockerEvents {

  private static final Logger log = LoggerFactory.getLogger(DockerEvents.class);

  private final DockerClient docker;
  private final String installation;

  DockerEvents(DockerClient docker, String installation) {
    this.docker = docker;
    this.installation = installation;
  }

  void follow(LongConsumer onExit) {
    docker
        .eventsCmd()
        .withEventTypeFilter(EventType.CONTAINER)
        .withEventFilter("die")
        .withLabelFilter(Map.of(Labels.MANAGED_BY, installation))
        .exec(new Exits(onExit));
  }

  /** Reports each sandbox's death; follows again when the stream ends or breaks. */
  private final class Exits extends ResultCallback.Adapter<Event> {

    private final LongConsumer onExit;

    Exits(LongConsumer onExit) {
      this.onExit = onExit;
    }

    @Override
    public void onStart(java.io.Closeable stream) {
      super.onStart(stream);
      log.info("Following sandbox exits (Docker events of {})", installation);
    }

    @Override
    public void onNext(Event event) {
      log.debug("Docker event {} {}", event.getAction(), event.getActor().getAttributes());
      String app = event.getActor().getAttributes().get(Labels.APP_ID);
      if (app != null) {
        onExit.accept(Long.parseLong(app));
      }
    }

    @Override
    public void onError(Throwable error) {
      log.debug("Docker event stream broke ({}); following again", error.getMessage());
      again(onExit);
    }

    @Override
    public void onComplete() {
      again(onExit);
    }
  }

  private void again(LongConsumer onExit) {
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                TimeUnit.SECONDS.sleep(2);
                follow(onExit);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (RuntimeException e) {
                log.debug("Cannot follow Docker events yet: {}", e.getMessage());
                again(onExit);
              }
            });
  }
}
