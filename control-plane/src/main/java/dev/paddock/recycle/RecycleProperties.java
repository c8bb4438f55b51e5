package dev.paddock.recycle;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Leak recycling ({@code paddock.recycle.*}).
 *
 * @param pressureCheck how often the running sandboxes of apps with a leak policy are looked over,
 *     so that a new one is watched for heap pressure from its start
 */
@ConfigurationProperties("paddock.recycle")
record RecycleProperties(@DefaultValue("1s") Duration pressureCheck) {}
