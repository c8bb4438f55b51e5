package dev.paddock.app;

import dev.paddock.naming.DnsLabel;
import dev.paddock.sandbox.Limits;
import dev.paddock.tenant.Tenant;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * An app as stored: the limits each of its sandboxes gets, and which deploy should run ({@code
 * target}) and does run ({@code live}); both are deploy ids, {@code null} before the first deploy.
 * {@code sleepAfter} is how long it may stay idle before it sleeps ({@code null}: never), and
 * {@code asleep} whether it sleeps now.
 */
public record App(
    long id,
    Tenant tenant,
    DnsLabel name,
    Limits limits,
    Map<String, String> env,
    String healthPath,
    int instances,
    int requestTimeoutSeconds,
    Long targetDeployId,
    Long liveDeployId,
    String lastError,
    Instant createdAt,
    Duration sleepAfter,
    boolean asleep) {}
