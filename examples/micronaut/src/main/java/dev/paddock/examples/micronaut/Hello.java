package dev.paddock.examples.micronaut;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/** The page the tests and benchmarks ask for. */
@Controller
public class Hello {

  @Get(produces = MediaType.TEXT_PLAIN)
  public String hello() {
    return "Hello from Micronaut\n";
  }
}
