package dev.paddock.sandbox;

import java.net.URI;

/**
 * A driver whose engine balances an app's instances itself, behind one address that never changes
 * (a Kubernetes Service): the edge proxies to that address, and a new instance takes traffic when
 * the engine finds it ready, so no socket is switched. Drivers without it serve each instance on a
 * Unix socket that the reconciler switches into place.
 */
public interface ServiceRouting {

  /** The address of the app's instances, for the edge. */
  URI service(String tenant, String app);
}
