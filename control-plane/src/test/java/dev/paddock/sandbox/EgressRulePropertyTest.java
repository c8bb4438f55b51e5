package dev.paddock.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/** What reaches an iptables line or a network policy is only ever what the grammar allows. */
class EgressRulePropertyTest {

  @Property(tries = 500)
  void everyValidRuleWritesItselfBackAndParsesToTheSame(
      @ForAll @IntRange(min = 0, max = 255) int a,
      @ForAll @IntRange(min = 0, max = 255) int b,
      @ForAll @IntRange(min = 0, max = 32) int bits,
      @ForAll @IntRange(min = 0, max = 65535) int from,
      @ForAll @IntRange(min = 0, max = 200) int span) {
    String ports =
        from == 0 ? "" : ":" + from + (span == 0 ? "" : "-" + Math.min(65535, from + span));
    EgressRule rule = EgressRule.parse("10.%d.%d.0/%d%s".formatted(a, b, bits, ports));

    assertThat(EgressRule.parse(rule.toString())).isEqualTo(rule);
    assertThat(rule.covers(rule)).isTrue();
  }

  @Property(tries = 2000)
  void anythingElseIsRefusedOrIsOnlyDigitsDotsColonsSlashesAndDashes(
      @ForAll @StringLength(max = 40) String text) {
    try {
      EgressRule rule = EgressRule.parse(text);
      assertThat(rule.toString()).matches("[0-9a-fA-F.:/\\[\\]-]+");
    } catch (IllegalArgumentException refused) {
      // Refused: the expected outcome for almost any string.
    }
  }
}
