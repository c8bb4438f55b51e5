package dev.paddock.logs;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Apps' logs ({@code paddock.logs.*}).
 *
 * @param linesPerApp how many of an app's latest lines are kept, across all its sandboxes
 * @param maxLineLength longer lines are cut to this many characters
 * @param followers how many sandboxes' output is followed at once; when more run, they take turns
 * @param followSlice how long a follow goes on while other sandboxes wait for their turn
 * @param discoverInterval how often the running sandboxes are looked over for ones not followed yet
 * @param flushInterval how often the lines read are written to PostgreSQL
 */
@Validated
@ConfigurationProperties("paddock.logs")
public record LogProperties(
    @DefaultValue("10000") int linesPerApp,
    @DefaultValue("8192") int maxLineLength,
    @DefaultValue("32") int followers,
    @DefaultValue("5s") Duration followSlice,
    @DefaultValue("1s") Duration discoverInterval,
    @DefaultValue("500ms") Duration flushInterval) {

  public LogProperties {
    if (followers < 1 || followers > 250) {
      throw new IllegalArgumentException(
          "paddock.logs.followers must be from 1 to 250, not " + followers);
    }
  }
}
