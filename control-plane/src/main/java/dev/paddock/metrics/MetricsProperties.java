package dev.paddock.metrics;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sandbox metrics ({@code paddock.metrics.*}).
 *
 * @param interval how often every running sandbox is sampled
 * @param window how long samples are kept
 * @param readingTimeout how long a pass waits for one sandbox's reading: a sandbox that takes
 *     longer has none this time, and the others' readings go on without it
 */
@ConfigurationProperties("paddock.metrics")
public record MetricsProperties(
    @DefaultValue("5s") Duration interval,
    @DefaultValue("1h") Duration window,
    @DefaultValue("5s") Duration readingTimeout) {}
