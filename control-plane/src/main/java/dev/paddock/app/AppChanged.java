package dev.paddock.app;

/**
 * Published after a write that changes what one app should run (a deploy, its limits, its scale,
 * its deletion); the reconciler makes a pass over the app once the write has committed.
 */
public record AppChanged(long appId) {}
