package dev.paddock;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** The Paddock control plane: REST API, reconciler, sandbox drivers and the httpd router. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PaddockApplication {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  public static void main(String[] args) {
    SpringApplication.run(PaddockApplication.class, args);
  }
}
