package dev.paddock.user;

import java.time.Instant;

/** A person who signs in to the dashboard; the password hash never leaves {@link Users}. */
public record User(long id, String name, boolean admin, Instant createdAt) {}
