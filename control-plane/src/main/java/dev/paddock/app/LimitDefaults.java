package dev.paddock.app;

import dev.paddock.sandbox.Limits;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/** The limits an app gets when it asks for none ({@code paddock.limits.*}). */
@ConfigurationProperties("paddock.limits")
record LimitDefaults(
    @DefaultValue("256MB") DataSize memory,
    @DefaultValue("1.0") double cpus,
    @DefaultValue("256") int pids) {

  Limits limits() {
    return new Limits(memory, cpus, pids);
  }
}
