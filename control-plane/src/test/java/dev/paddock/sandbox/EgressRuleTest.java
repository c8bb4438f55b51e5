package dev.paddock.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EgressRuleTest {

  @Test
  void rulesParseWithAndWithoutPortsAndWriteThemselvesBackTheSame() {
    for (String text :
        List.of(
            "10.20.0.0/16",
            "10.20.0.5/32:5432",
            "10.20.0.0/16:8000-8100",
            "[fd00::/64]:443",
            "fd00::/64",
            "0.0.0.0/0")) {
      assertThat(EgressRule.parse(text)).hasToString(text);
    }
    assertThat(EgressRule.parse("10.20.0.5:5432"))
        .isEqualTo(new EgressRule("10.20.0.5/32", 5432, 5432));
    assertThat(EgressRule.parse("fd00::1")).isEqualTo(new EgressRule("fd00::1/128", 0, 0));
  }

  @Test
  void whatIsNoRangeOrNoPortIsRefusedSayingWhatToWrite() {
    for (String text :
        List.of(
            "example.com",
            "10.0.0.0/33",
            "10.0.0.0/8:0",
            "10.0.0.0/8:70000",
            "10.0.0.0/8:90-80",
            "10.0.0.0/8:http",
            "fd00::/64:443",
            "[fd00::/64]443",
            "10.0.0.0/8/8",
            "",
            "1.2.3.4\n-j ACCEPT")) {
      assertThatThrownBy(() -> EgressRule.parse(text))
          .as(text)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> EgressRule.parse("10.0.0.0/8:90-80"))
        .hasMessageContaining("8000-8100");
  }

  @Test
  void aRangeCoversTheRangesAndPortsInsideIt() {
    var linkLocal = EgressRule.parse("169.254.0.0/16");
    assertThat(linkLocal.covers(EgressRule.parse("169.254.169.254:80"))).isTrue();
    assertThat(linkLocal.covers(EgressRule.parse("169.0.0.0/8"))).isFalse();
    assertThat(linkLocal.covers(EgressRule.parse("fe80::/10"))).isFalse();
    var database = EgressRule.parse("10.1.2.3:5432");
    assertThat(database.covers(EgressRule.parse("10.1.2.3:5432"))).isTrue();
    assertThat(database.covers(EgressRule.parse("10.1.2.3/32"))).isFalse();
    assertThat(database.covers(EgressRule.parse("10.1.2.3:5432-5433"))).isFalse();
  }

  @Test
  void theFloorHoldsLinkLocalThePlatformsDenyAndARemoteDatabaseButNoLoopbackOne() {
    var platform = new EgressPolicy(true, List.of(), List.of("203.0.113.0/24"));

    var floor =
        EgressFloor.of(platform, "jdbc:postgresql://10.1.2.3:6543/paddock", "tcp://10.1.2.4");

    assertThat(floor.rules())
        .extracting(EgressRule::toString)
        .containsExactly(
            "169.254.0.0/16",
            "fe80::/10",
            "203.0.113.0/24",
            "10.1.2.3/32:6543",
            "10.1.2.4/32:2375");
    assertThat(floor.covering(EgressRule.parse("169.254.169.254")))
        .contains(EgressRule.parse("169.254.0.0/16"));
    assertThat(floor.covering(EgressRule.parse("10.0.0.0/8"))).isEqualTo(Optional.empty());
    assertThat(EgressFloor.of(platform, "jdbc:postgresql://127.0.0.1:5432/p", "").rules())
        .hasSize(3);
  }

  @Test
  void aTenantsPolicyTakesThePlatformsListsAndReplacesItsInternetOnlyWhenSet() {
    var platform = new EgressPolicy(true, List.of("192.0.2.0/24"), List.of("203.0.113.0/24"));
    var own = new TenantEgress(null, List.of(EgressRule.parse("10.9.0.0/16")), List.of());

    var effective = own.effective(platform);

    assertThat(effective.internet()).isTrue();
    assertThat(effective.allow())
        .extracting(EgressRule::toString)
        .containsExactly("192.0.2.0/24", "10.9.0.0/16");
    assertThat(effective.deny()).extracting(EgressRule::toString).containsExactly("203.0.113.0/24");
    assertThat(new TenantEgress(false, List.of(), List.of()).effective(platform).internet())
        .isFalse();
  }
}
