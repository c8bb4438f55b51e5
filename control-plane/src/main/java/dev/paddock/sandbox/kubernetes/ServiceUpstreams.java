package dev.paddock.sandbox.kubernetes;

import dev.paddock.routing.Upstream;
import dev.paddock.sandbox.SandboxSpec;
import dev.paddock.sandbox.Upstreams;

/**
 * Upstreams on Kubernetes Services: the edge proxies to the app's one Service, and a new pod takes
 * traffic when Kubernetes finds it ready, so there is nothing to switch.
 */
class ServiceUpstreams implements Upstreams {

  private final String namespacePrefix;

  ServiceUpstreams(String namespacePrefix) {
    this.namespacePrefix = namespacePrefix;
  }

  @Override
  public Upstream of(String tenant, String app, int instances) {
    return new Upstream.Service(AppServices.serviceUrl(namespacePrefix, tenant, app));
  }

  @Override
  public boolean waiting(SandboxSpec spec) {
    return false;
  }

  @Override
  public void promote(SandboxSpec spec) {}

  @Override
  public void dropSlotsFrom(String tenant, String app, int instances) {}
}
