package dev.paddock.examples.boot4;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * A Spring Boot 4 app as tenants build them: {@code GET /}, server-sent events at {@code /ticks}
 * and a WebSocket echo at {@code /echo}.
 */
@SpringBootApplication
public class Boot4App {

  public static void main(String[] args) {
    SpringApplication.run(Boot4App.class, args);
  }

  /** The page the tests and benchmarks ask for. */
  @RestController
  static class Hello {
    @GetMapping("/")
    String hello() {
      return "Hello from Spring Boot 4\n";
    }
  }

  /**
   * An endless stream of server-sent events, {@code tick 1}, {@code tick 2}…, five a second, until
   * the client goes away: a client that reads any of them read them as they were sent. Its {@code
   * Sandbox} header names the JVM serving it.
   */
  @RestController
  static class Ticks {
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();

    /** Drawn at each start, so it tells the JVM (and so the sandbox) serving a stream. */
    private final String sandbox = UUID.randomUUID().toString();

    @GetMapping(path = "/ticks", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    ResponseEntity<SseEmitter> ticks() {
      SseEmitter emitter = new SseEmitter(0L);
      AtomicInteger sent = new AtomicInteger();
      // A send to a client that has gone throws (the container then ends the request), and a
      // task that throws is not run again.
      clock.scheduleAtFixedRate(
          () -> {
            int tick = sent.incrementAndGet();
            try {
              emitter.send(SseEmitter.event().id(Integer.toString(tick)).data("tick " + tick));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          },
          0,
          200,
          TimeUnit.MILLISECONDS);
      return ResponseEntity.ok().header("Sandbox", sandbox).body(emitter);
    }
  }

  /** Sends every text message back to its sender. */
  @Configuration
  @EnableWebSocket
  static class Echo extends TextWebSocketHandler implements WebSocketConfigurer {
    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
      registry.addHandler(this, "/echo");
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message)
        throws Exception {
      session.sendMessage(new TextMessage("echo: " + message.getPayload()));
    }
  }
}
