package dev.paddock.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paddock.sandbox.EgressFloor;
import dev.paddock.sandbox.EgressPolicy;
import dev.paddock.sandbox.EgressRule;
import dev.paddock.sandbox.TenantEgress;
import java.util.List;
import org.junit.jupiter.api.Test;

class EgressFirewallTest {

  private static final List<EgressFirewall.Bridge> BRIDGES =
      List.of(new EgressFirewall.Bridge("br-0123456789ab"));

  @Test
  void theDefaultPolicyRejectsLinkLocalPrivateRangesAndTheHostButKeepsDnsAndTheInternet() {
    var firewall = new EgressFirewall("paddock", EgressPolicy.standard(), List.of("10.255.255.53"));

    assertThat(firewall.rules(BRIDGES, EgressFirewall.Family.IPV4))
        .isEqualTo(
            """
            *filter
            :PADDOCK-EGRESS - [0:0]
            :PADDOCK-EGRESS-POLICY - [0:0]
            :PADDOCK-EGRESS-HOST - [0:0]
            -A PADDOCK-EGRESS-HOST -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN
            -A PADDOCK-EGRESS-HOST -d 10.255.255.53 -p udp -m udp --dport 53 -j RETURN
            -A PADDOCK-EGRESS-HOST -d 10.255.255.53 -p tcp -m tcp --dport 53 -j RETURN
            -A PADDOCK-EGRESS-POLICY -m conntrack --ctstate RELATED,ESTABLISHED -j RETURN
            -A PADDOCK-EGRESS-POLICY -d 10.255.255.53 -p udp -m udp --dport 53 -j RETURN
            -A PADDOCK-EGRESS-POLICY -d 10.255.255.53 -p tcp -m tcp --dport 53 -j RETURN
            -A PADDOCK-EGRESS-POLICY -d 169.254.0.0/16 -j REJECT --reject-with icmp-admin-prohibited
            -A PADDOCK-EGRESS-POLICY -d 10.0.0.0/8 -j REJECT --reject-with icmp-admin-prohibited
            -A PADDOCK-EGRESS-POLICY -d 172.16.0.0/12 -j REJECT --reject-with icmp-admin-prohibited
            -A PADDOCK-EGRESS-POLICY -d 192.168.0.0/16 -j REJECT --reject-with icmp-admin-prohibited
            -A PADDOCK-EGRESS-POLICY -d 100.64.0.0/10 -j REJECT --reject-with icmp-admin-prohibited
            -A PADDOCK-EGRESS -i br-0123456789ab -o br-0123456789ab -j RETURN
            -A PADDOCK-EGRESS -i br-0123456789ab -j PADDOCK-EGRESS-POLICY
            -A PADDOCK-EGRESS-HOST -i br-0123456789ab -j REJECT --reject-with icmp-admin-prohibited
            COMMIT
            """);
  }

  @Test
  void deniedRangesComeBeforeAllowedOnesAndBothBeforeTheDefaults() {
    var policy = new EgressPolicy(false, List.of("10.1.2.3/32", "fd00::/8"), List.of("8.8.8.8"));
    String rules =
        new EgressFirewall("paddock", policy, List.of()).rules(BRIDGES, EgressFirewall.Family.IPV4);

    assertThat(rules)
        .containsSubsequence(
            "-A PADDOCK-EGRESS-POLICY -d 8.8.8.8 -j REJECT",
            "-A PADDOCK-EGRESS-POLICY -d 10.1.2.3/32 -j RETURN",
            "-A PADDOCK-EGRESS-POLICY -d 10.0.0.0/8 -j REJECT",
            "-A PADDOCK-EGRESS-POLICY -j REJECT --reject-with icmp-admin-prohibited\n-A PADDOCK-EGRESS ")
        .doesNotContain("fd00::/8");
  }

  @Test
  void ipv6RulesCarryOnlyIpv6RangesAndIpv6Rejects() {
    var policy = new EgressPolicy(true, List.of("fd00::/8"), List.of());
    String rules =
        new EgressFirewall("paddock", policy, List.of("10.255.255.53", "fd00::53"))
            .rules(BRIDGES, EgressFirewall.Family.IPV6);

    assertThat(rules)
        .contains("-A PADDOCK-EGRESS-POLICY -d fd00::53 -p udp -m udp --dport 53 -j RETURN")
        .contains("-A PADDOCK-EGRESS-POLICY -d fd00::/8 -j RETURN")
        .contains(
            "-A PADDOCK-EGRESS-POLICY -d fe80::/10 -j REJECT --reject-with icmp6-adm-prohibited")
        .contains(
            "-A PADDOCK-EGRESS-POLICY -d fc00::/7 -j REJECT --reject-with icmp6-adm-prohibited")
        .doesNotContain("10.")
        .doesNotContain("icmp-admin-prohibited");
  }

  @Test
  void aTenantsOwnPolicyIsMatchedOnItsBridgeAfterTheFloorWhichItCannotOpen() {
    var platform = new EgressPolicy(true, List.of("192.0.2.0/24"), List.of("203.0.113.0/24"));
    var floor = EgressFloor.of(platform, "jdbc:postgresql://198.51.100.5:6432/paddock", "");
    var own =
        new TenantEgress(
            false,
            List.of(EgressRule.parse("10.20.0.0/16:5432"), EgressRule.parse("0.0.0.0/0")),
            List.of(EgressRule.parse("10.20.9.0/24")));
    String rules =
        new EgressFirewall("paddock", platform, floor, List.of(), command -> null)
            .rules(
                List.of(
                    new EgressFirewall.Bridge("br-aaaaaaaaaaaa", own),
                    new EgressFirewall.Bridge("br-bbbbbbbbbbbb")),
                EgressFirewall.Family.IPV4);

    String a = "-A PADDOCK-EGRESS -i br-aaaaaaaaaaaa ";
    String reject = " -j REJECT --reject-with icmp-admin-prohibited";
    assertThat(rules)
        .containsSubsequence(
            a + "-o br-aaaaaaaaaaaa -j RETURN",
            a + "-m conntrack --ctstate RELATED,ESTABLISHED -j RETURN",
            a + "-d 203.0.113.0/24" + reject,
            a + "-d 192.0.2.0/24 -j RETURN",
            a + "-d 169.254.0.0/16" + reject,
            a + "-d 198.51.100.5/32 -p tcp -m tcp --dport 6432" + reject,
            a + "-d 198.51.100.5/32 -p udp -m udp --dport 6432" + reject,
            a + "-d 10.20.9.0/24" + reject,
            a + "-d 10.20.0.0/16 -p tcp -m tcp --dport 5432 -j RETURN",
            a + "-d 10.20.0.0/16 -p udp -m udp --dport 5432 -j RETURN",
            a + "-d 0.0.0.0/0 -j RETURN",
            a + "-d 10.0.0.0/8" + reject,
            a + "-j REJECT --reject-with icmp-admin-prohibited",
            a + "-j RETURN",
            "-A PADDOCK-EGRESS-HOST -i br-aaaaaaaaaaaa" + reject,
            "-A PADDOCK-EGRESS -i br-bbbbbbbbbbbb -j PADDOCK-EGRESS-POLICY")
        .containsOnlyOnce(a + "-d 203.0.113.0/24" + reject)
        .doesNotContain("-i br-bbbbbbbbbbbb -d");
  }

  @Test
  void withNoBridgesTheChainsAreEmptiedButKept() {
    String rules =
        new EgressFirewall("paddock", EgressPolicy.standard(), List.of())
            .rules(List.of(), EgressFirewall.Family.IPV4);

    assertThat(rules).contains(":PADDOCK-EGRESS - [0:0]").doesNotContain("-A PADDOCK-EGRESS -i");
  }

  @Test
  void chainNamesFitIptablesAndStayApartForLongInstallationNames() {
    String a = EgressFirewall.chainName("a-very-long-installation-name-1");
    String b = EgressFirewall.chainName("a-very-long-installation-name-2");

    assertThat(EgressFirewall.chainName("it-1a2b3c4d")).isEqualTo("IT-1A2B3C4D-EGRESS");
    assertThat((a + "-POLICY").length()).isLessThanOrEqualTo(28);
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void aRangeThatIsNoAddressIsRefusedWithTheSettingItCameFrom() {
    assertThatThrownBy(() -> new EgressPolicy(true, List.of("10.0.0.0/33"), List.of()))
        .hasMessageContaining("paddock.sandbox.egress.allow")
        .hasMessageContaining("10.0.0.0/33");
    assertThatThrownBy(() -> new EgressPolicy(true, List.of(), List.of("example.com")))
        .hasMessageContaining("paddock.sandbox.egress.deny");
  }
}
