package dev.paddock.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paddock.sandbox.EgressFloor;
import dev.paddock.sandbox.EgressPolicy;
import dev.paddock.sandbox.EgressRule;
import dev.paddock.sandbox.TenantEgress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

/** Fencing tenant bridges: where the commands go, and what health says. */
class SandboxEgressTest {

  private static final List<SandboxEgress.TenantBridge> BRIDGE =
      List.of(new SandboxEgress.TenantBridge(7, "br-abc"));

  private final List<String> ran = new CopyOnWriteArrayList<>();
  private final List<String> input = new CopyOnWriteArrayList<>();

  @Test
  void aFenceWritesBothFamiliesRulesThroughTheRunnerItIsGiven() {
    var egress = new SandboxEgress(firewall(0), false);

    egress.fence(BRIDGE);

    assertThat(ran).contains("iptables-restore --noflush", "ip6tables-restore --noflush");
    assertThat(egress.health().getStatus()).isEqualTo(Status.UP);
    assertThat(egress.health().getDetails())
        .containsEntry("through", "iptables in a helper container (not root)");
  }

  @Test
  void rulesThatCannotBeWrittenStopTheStartAndTakeHealthDown() {
    var egress = new SandboxEgress(firewall(1), true);

    assertThatThrownBy(() -> egress.fence(BRIDGE)).isInstanceOf(EgressException.class);
    assertThat(egress.health().getStatus()).isEqualTo(Status.DOWN);
  }

  @Test
  void turnedOffItWritesNothingAndSaysSo() {
    var egress = new SandboxEgress(firewall(0), false, false);

    egress.fence(BRIDGE);

    assertThat(ran).isEmpty();
    assertThat(egress.health().getStatus()).isEqualTo(Status.UNKNOWN);
    assertThat(egress.health().getDetails().get("egress").toString()).contains("not enforced");
  }

  @Test
  void aTenantsChangedPolicyRewritesTheRulesOfItsBridgeAndNoOtherTenantsChangeDoes() {
    var policies = new java.util.concurrent.ConcurrentHashMap<Long, TenantEgress>();
    var egress =
        new SandboxEgress(firewall(0), true, true, id -> Optional.ofNullable(policies.get(id)));
    egress.fence(BRIDGE);
    assertThat(input).noneMatch(rules -> rules.contains("-A PADDOCK-EGRESS -i br-abc -d"));
    input.clear();

    policies.put(
        7L, new TenantEgress(false, List.of(EgressRule.parse("10.9.0.0/16:5432")), List.of()));
    egress.apply(8, "someone-else");
    assertThat(input).isEmpty();
    egress.apply(7, "acme");

    assertThat(input)
        .anyMatch(
            rules ->
                rules.contains(
                    "-A PADDOCK-EGRESS -i br-abc -d 10.9.0.0/16 -p tcp -m tcp --dport 5432 -j RETURN"));
  }

  /** A firewall whose commands exit with {@code exit}, recorded instead of run. */
  private EgressFirewall firewall(int exit) {
    return new EgressFirewall(
        "paddock",
        EgressPolicy.standard(),
        EgressFloor.of(EgressPolicy.standard(), "", ""),
        List.of(),
        command -> {
          ran.add(command.toString());
          input.add(command.input());
          return new HostCommand.Result(exit, "");
        });
  }
}
