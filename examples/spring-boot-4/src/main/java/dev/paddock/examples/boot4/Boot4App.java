package dev.paddock.examples.boot4;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * A Spring Boot 4 app as tenants build them: {@code GET /} and a WebSocket echo at {@code /echo}.
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
