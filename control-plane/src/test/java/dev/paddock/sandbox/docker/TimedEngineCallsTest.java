package dev.paddock.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimedEngineCallsTest {

  @Test
  void aCallIsNamedByItsMethodsPathWithoutIdsNamesVersionOrQuery() {
    assertThat(TimedEngineCalls.template("/v1.41/containers/json?all=1&filters=%7B%7D"))
        .isEqualTo("/containers/json");
    assertThat(TimedEngineCalls.template("/containers/create?name=p-acme-web-0"))
        .isEqualTo("/containers/create");
    assertThat(TimedEngineCalls.template("/containers/3f2a9c0b1d4e/start"))
        .isEqualTo("/containers/{id}/start");
    assertThat(TimedEngineCalls.template("/networks/paddock-tenant-acme"))
        .isEqualTo("/networks/{id}");
    assertThat(TimedEngineCalls.template("/images/library/busybox:1.36/json"))
        .isEqualTo("/images/{id}/json");
    assertThat(TimedEngineCalls.template("/images/paddock-release:9f3e")).isEqualTo("/images/{id}");
    assertThat(TimedEngineCalls.template("/images/library/x:1")).isEqualTo("/images/{id}");
    assertThat(TimedEngineCalls.template("/_ping")).isEqualTo("/_ping");
    assertThat(TimedEngineCalls.template("/")).isEqualTo("/");
  }

  @Test
  void namesATenantChoseNeverBecomeTagsOfTheirOwn() {
    // An app named in letters only, in the middle of a path, is still an id.
    assertThat(TimedEngineCalls.template("/containers/bench-acme-shop-0/logs?tail=10"))
        .isEqualTo("/containers/{id}/logs");
    assertThat(TimedEngineCalls.template("/exec/shop/extra/start")).isEqualTo("/exec/{id}/start");
    assertThat(TimedEngineCalls.template("/containers/" + "x".repeat(40)))
        .isEqualTo("/containers/{id}");
  }
}
