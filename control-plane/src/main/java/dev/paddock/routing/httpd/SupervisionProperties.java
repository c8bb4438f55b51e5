package dev.paddock.routing.httpd;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the control plane keeps its managed httpd alive ({@code paddock.edge.httpd.supervision.*}).
 *
 * @param interval how often httpd's parent process is looked for and the edge port probed
 * @param probeTimeout how long a probe waits to connect, and then for an answer
 * @param unresponsiveAfter how long a live httpd may leave probes unanswered (counted from its last
 *     graceful reload, at the earliest) before its processes are killed and it is started again
 * @param firstBackoff the wait after a restart before the next one, doubled at each restart
 * @param maxBackoff the longest wait between restarts
 * @param quietAfter how long httpd must serve before earlier restarts no longer lengthen the wait
 */
@ConfigurationProperties("paddock.edge.httpd.supervision")
public record SupervisionProperties(
    @DefaultValue("250ms") Duration interval,
    @DefaultValue("2s") Duration probeTimeout,
    @DefaultValue("10s") Duration unresponsiveAfter,
    @DefaultValue("500ms") Duration firstBackoff,
    @DefaultValue("30s") Duration maxBackoff,
    @DefaultValue("60s") Duration quietAfter) {}
