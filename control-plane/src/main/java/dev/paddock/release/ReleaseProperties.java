package dev.paddock.release;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Releases ({@code paddock.releases.*}).
 *
 * @param maxSize the largest jar accepted
 * @param retain how many of an app's newest releases keep their jar on disk, for rollbacks; the
 *     live and target releases are always kept
 */
@ConfigurationProperties("paddock.releases")
record ReleaseProperties(@DefaultValue("256MB") DataSize maxSize, @DefaultValue("10") int retain) {}
