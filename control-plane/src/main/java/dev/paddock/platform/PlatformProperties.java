package dev.paddock.platform;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The platform's own watch ({@code paddock.platform.*}).
 *
 * @param watchInterval how often the database, Docker and the edge are looked at: a part lost is
 *     reported within about this long
 */
@ConfigurationProperties("paddock.platform")
record PlatformProperties(@DefaultValue("1s") Duration watchInterval) {}
