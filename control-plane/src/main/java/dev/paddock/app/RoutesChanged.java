package dev.paddock.app;

/**
 * Published after a write that changes what the edge serves (an app created or deleted, a domain, a
 * request timeout); the reconciler rewrites the edge once the write has committed, off the
 * request's thread.
 */
public record RoutesChanged() {}
