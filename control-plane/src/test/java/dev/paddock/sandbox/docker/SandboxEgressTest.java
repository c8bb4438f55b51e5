package dev.paddock.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paddock.sandbox.EgressPolicy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

/** Fencing tenant bridges: where the commands go, and what health says. */
class SandboxEgressTest {

  private final List<String> ran = new CopyOnWriteArrayList<>();

  @Test
  void aFenceWritesBothFamiliesRulesThroughTheRunnerItIsGiven() {
    var egress = new SandboxEgress(firewall(0), false);

    egress.fence(List.of("br-abc"));

    assertThat(ran).contains("iptables-restore --noflush", "ip6tables-restore --noflush");
    assertThat(egress.health().getStatus()).isEqualTo(Status.UP);
    assertThat(egress.health().getDetails())
        .containsEntry("through", "iptables in a helper container (not root)");
  }

  @Test
  void rulesThatCannotBeWrittenStopTheStartAndTakeHealthDown() {
    var egress = new SandboxEgress(firewall(1), true);

    assertThatThrownBy(() -> egress.fence(List.of("br-abc"))).isInstanceOf(EgressException.class);
    assertThat(egress.health().getStatus()).isEqualTo(Status.DOWN);
  }

  @Test
  void turnedOffItWritesNothingAndSaysSo() {
    var egress = new SandboxEgress(firewall(0), false, false);

    egress.fence(List.of("br-abc"));

    assertThat(ran).isEmpty();
    assertThat(egress.health().getStatus()).isEqualTo(Status.UNKNOWN);
    assertThat(egress.health().getDetails().get("egress").toString()).contains("not enforced");
  }

  /** A firewall whose commands exit with {@code exit}, recorded instead of run. */
  private EgressFirewall firewall(int exit) {
    return new EgressFirewall(
        "paddock",
        EgressPolicy.standard(),
        List.of(),
        command -> {
          ran.add(command.toString());
          return new HostCommand.Result(exit, "");
        });
  }
}
