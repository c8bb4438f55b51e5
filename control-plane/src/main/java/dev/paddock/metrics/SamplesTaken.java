package dev.paddock.metrics;

import java.util.List;

/** Published after every sampling pass, for whatever acts on readings. */
public record SamplesTaken(List<Sample> samples) {}
