package dev.paddock.aot;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Per-release AOT caches ({@code paddock.aot.*}).
 *
 * @param enabled whether releases get a cache trained on their own code
 * @param timeout how long each of a training's two runs may take before it is stopped
 * @param maxSize the largest cache kept; a larger one counts as a failed training
 * @param retryAfter how long after a failed training the same release and options are tried again
 */
@ConfigurationProperties("paddock.aot")
record AotProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("60s") Duration timeout,
    @DefaultValue("512MB") DataSize maxSize,
    @DefaultValue("1h") Duration retryAfter) {}
