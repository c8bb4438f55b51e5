package dev.paddock.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class DnsLabelTest {

  @Property
  void everyAcceptedNameIsSafeInHostsConfigsAndPaths(@ForAll String candidate) {
    try {
      DnsLabel label = new DnsLabel(candidate);
      assertThat(label.value())
          .matches("[a-z0-9-]{2,32}")
          .doesNotStartWith("-")
          .doesNotEndWith("-");
    } catch (InvalidNameException rejected) {
      assertThat(rejected.getMessage()).doesNotContain("\n").doesNotContain("\r");
    }
  }

  @Property
  void wellFormedLabelsAreAccepted(@ForAll("labels") String label) {
    assertThat(new DnsLabel(label).value()).isEqualTo(label);
  }

  @Property
  void anyCharacterOutsideTheGrammarIsRejected(
      @ForAll("labels") String label, @ForAll("forbidden") char bad) {
    String tampered = label.substring(0, 1) + bad + label.substring(1);
    assertThatThrownBy(() -> new DnsLabel(tampered)).isInstanceOf(InvalidNameException.class);
  }

  @Provide
  Arbitrary<String> labels() {
    Arbitrary<Character> first = Arbitraries.chars().range('a', 'z');
    Arbitrary<String> middle =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .withCharRange('0', '9')
            .withChars('-')
            .ofMaxLength(30);
    Arbitrary<Character> last = Arbitraries.chars().range('a', 'z').range('0', '9');
    return net.jqwik.api.Combinators.combine(first, middle, last).as((f, m, l) -> f + m + l);
  }

  @Provide
  Arbitrary<Character> forbidden() {
    return Arbitraries.of(
        '\n', '\r', ' ', '"', '\'', '$', '{', '}', '.', '/', '#', 'A', '_', '\\', '\0');
  }
}
