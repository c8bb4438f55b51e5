package dev.paddock.examples.boot3;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A Spring Boot 3 app with Boot's default loader, as most tenants still build them. */
@SpringBootApplication
@RestController
public class Boot3App {

  public static void main(String[] args) {
    SpringApplication.run(Boot3App.class, args);
  }

  @GetMapping("/")
  String hello() {
    return "Hello from Spring Boot 3\n";
  }
}
