package dev.paddock.tenant;

import dev.paddock.naming.DnsLabel;
import java.time.Instant;

/** A tenant: the unit of isolation, with the uid all its sandboxes run as, and its quota. */
public record Tenant(long id, DnsLabel name, int uid, Quota quota, Instant createdAt) {}
