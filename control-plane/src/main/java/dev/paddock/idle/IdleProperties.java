package dev.paddock.idle;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Bounds of an app's {@code sleepAfter}.
 *
 * @param minimum the shortest idle time a tenant may set: a sleep and a wake cost a JVM start
 * @param maximum the longest
 */
@Validated
@ConfigurationProperties("paddock.idle")
record IdleProperties(
    @NotNull @DefaultValue("1m") Duration minimum,
    @NotNull @DefaultValue("30d") Duration maximum) {}
