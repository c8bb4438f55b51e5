package dev.paddock.sandbox.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubnetPoolTest {

  @Test
  void givesTheFirstSubnetThatOverlapsNoneInUse() {
    var pool = SubnetPool.configured("10.200.0.0/22");
    assertThat(pool.firstFree(List.of())).hasValue("10.200.0.0/24");
    assertThat(pool.firstFree(List.of("10.200.0.0/24", "172.17.0.0/16", "fd00::/64")))
        .hasValue("10.200.1.0/24");
    // A narrower network inside a subnet takes it; a wider one around the pool takes all of it.
    assertThat(pool.firstFree(List.of("10.200.0.16/28", "10.200.1.1/32")))
        .hasValue("10.200.2.0/24");
    assertThat(pool.firstFree(List.of("10.0.0.0/8"))).isEmpty();
  }

  @Test
  void holdsTheSubnetsWithinIt() {
    var pool = SubnetPool.configured("10.200.0.0/13");
    assertThat(pool.holds("10.207.255.0/24")).isTrue();
    assertThat(pool.holds("10.208.0.0/24")).isFalse();
    assertThat(pool.holds("10.0.0.0/8")).isFalse();
  }

  @Test
  void isEmptyOnceEverySubnetIsTaken() {
    var pool = SubnetPool.configured("192.168.250.0/23");
    assertThat(pool.firstFree(List.of("192.168.250.0/24", "192.168.251.0/24"))).isEmpty();
  }

  @Test
  void takesTheAddressDownToTheStartOfItsRange() {
    assertThat(SubnetPool.configured("10.200.7.9/13")).hasToString("10.200.0.0/13");
  }

  @Test
  void refusesWhatIsNotAnIpv4RangeItCanSplit() {
    assertThatThrownBy(() -> SubnetPool.configured("10.200.0.0"))
        .hasMessageContaining("such as 10.200.0.0/13");
    assertThatThrownBy(() -> SubnetPool.configured("10.300.0.0/16"))
        .hasMessageContaining("Not an IPv4 address");
    assertThatThrownBy(() -> SubnetPool.configured("10.200.0.0/28"))
        .hasMessageContaining("from /8 to /24");
    assertThatThrownBy(() -> SubnetPool.configured("10.0.0.0/4"))
        .hasMessageContaining("from /8 to /24");
  }
}
