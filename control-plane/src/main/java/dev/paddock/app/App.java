package dev.paddock.app;

import dev.paddock.naming.DnsLabel;
import dev.paddock.tenant.Tenant;
import java.time.Instant;

/**
 * An app as stored: its limits and which release should run ({@code target}) and does run ({@code
 * live}); both are release ids, {@code null} before the first deploy.
 */
public record App(
    long id,
    Tenant tenant,
    DnsLabel name,
    Limits limits,
    int instances,
    Long targetReleaseId,
    Long liveReleaseId,
    String lastError,
    Instant createdAt) {}
