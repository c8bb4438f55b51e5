package dev.paddock.examples.micronaut;

import io.micronaut.runtime.Micronaut;

/** A Micronaut app as tenants build them: {@code GET /} ({@link Hello}) from a shaded jar. */
public final class MicronautApp {

  private MicronautApp() {}

  public static void main(String[] args) {
    Micronaut.run(MicronautApp.class, args);
  }
}
