package dev.paddock.idle;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Sleeping when idle ({@code paddock.idle.*}): the bounds of an app's {@code sleepAfter}, and how
 * long a sleeping app's sandboxes stay paused.
 *
 * @param minimum the shortest idle time a tenant may set: a sleep and a wake cost a JVM start
 * @param maximum the longest
 * @param pausedFor how long a sleeping app's sandboxes stay paused (their memory kept, a wake in
 *     milliseconds) before they are removed (the memory freed, a wake a whole start); zero: removed
 *     at once
 */
@Validated
@ConfigurationProperties("paddock.idle")
public record IdleProperties(
    @NotNull @DefaultValue("1m") Duration minimum,
    @NotNull @DefaultValue("30d") Duration maximum,
    @NotNull @DefaultValue("10m") Duration pausedFor) {}
