package dev.paddock.sandbox;

import java.time.Instant;

/** One line a sandbox wrote, as the engine timestamped it. */
public record LogLine(Instant at, boolean stderr, String text) {}
