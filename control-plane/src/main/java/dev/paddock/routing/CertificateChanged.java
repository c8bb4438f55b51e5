package dev.paddock.routing;

/**
 * A host name's certificate changed state: issued, renewed, or failing. Published by the edge as it
 * notices; {@code before} is null for the first state seen.
 */
public record CertificateChanged(Certificate before, Certificate now) {}
