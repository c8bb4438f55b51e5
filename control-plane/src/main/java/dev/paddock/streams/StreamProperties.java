package dev.paddock.streams;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many server-sent event streams (log follows, deploy steps) may be open at once on this
 * control plane ({@code paddock.streams.*}): each polls PostgreSQL, so they are bounded.
 *
 * @param perCaller open streams one token or user may hold
 * @param perTenant open streams all callers of one tenant may hold together
 * @param retryAfter what a refused client is told to wait before it tries again
 * @param poll how often an open stream looks for what is new
 * @param keepAlive how long a stream stays quiet before it sends a comment, so that proxies and
 *     clients do not take it for dead
 */
@ConfigurationProperties("paddock.streams")
public record StreamProperties(
    @DefaultValue("5") int perCaller,
    @DefaultValue("20") int perTenant,
    @DefaultValue("10s") Duration retryAfter,
    @DefaultValue("250ms") Duration poll,
    @DefaultValue("15s") Duration keepAlive) {}
