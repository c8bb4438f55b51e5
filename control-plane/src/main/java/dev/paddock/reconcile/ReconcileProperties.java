package dev.paddock.reconcile;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How often the reconciler looks, and how long it waits between looks ({@code
 * paddock.reconcile.*}).
 *
 * @param interval the periodic full pass: routes, and on the leader every app and the orphans
 * @param healthPoll how often a starting sandbox is asked whether it serves yet
 * @param edgeSettle how long removed balancer members (their sockets and sandboxes) stay after
 *     httpd was asked to reload without them: its workers keep sending to them until the new
 *     configuration is in force
 * @param drainRecheck how soon an app whose retiring sandbox is still draining, or whose sandbox
 *     the engine just reported dead, is passed over again
 * @param listingFresh how long one listing of the engine's sandboxes stands in for the engine when
 *     nothing is known to have changed
 */
@ConfigurationProperties("paddock.reconcile")
record ReconcileProperties(
    @DefaultValue("10s") Duration interval,
    @DefaultValue("50ms") Duration healthPoll,
    @DefaultValue("2s") Duration edgeSettle,
    @DefaultValue("1s") Duration drainRecheck,
    @DefaultValue("5s") Duration listingFresh) {}
