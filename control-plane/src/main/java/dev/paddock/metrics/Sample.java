package dev.paddock.metrics;

import dev.paddock.sandbox.Sandbox;
import dev.paddock.sandbox.Usage;
import java.time.Instant;

/** One reading of one sandbox. */
public record Sample(Sandbox sandbox, Instant at, Usage usage) {}
