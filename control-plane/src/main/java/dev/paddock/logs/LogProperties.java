package dev.paddock.logs;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Apps' logs ({@code paddock.logs.*}).
 *
 * @param linesPerApp how many of an app's latest lines are kept, across all its sandboxes
 * @param maxLineLength longer lines are cut to this many characters
 */
@ConfigurationProperties("paddock.logs")
public record LogProperties(
    @DefaultValue("10000") int linesPerApp, @DefaultValue("8192") int maxLineLength) {}
