package dev.paddock.events;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long events are kept ({@code paddock.events.*}), apps' and the platform's alike.
 *
 * @param retention how long an event is kept
 * @param perApp how many of an app's latest events are kept, whatever their age
 * @param trimInterval how often the leader trims them
 */
@ConfigurationProperties("paddock.events")
public record EventProperties(
    @DefaultValue("P30D") Duration retention,
    @DefaultValue("1000") int perApp,
    @DefaultValue("10m") Duration trimInterval) {}
