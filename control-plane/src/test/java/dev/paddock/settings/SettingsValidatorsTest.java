package dev.paddock.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.web.ApiException;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Hostile env variables and health paths: whatever the validators accept can neither pose as
 * Paddock's own variables nor break out of the place it goes (a Docker env entry {@code
 * NAME=value}, the request line of the runner's own probe).
 */
class SettingsValidatorsTest {

  @Property(tries = 500)
  void anAcceptedEnvHasPortableNamesOfItsOwnAndValuesWithoutNul(
      @ForAll("names") String name, @ForAll String value) {
    try {
      EnvNames.check(Map.of(name, value));
    } catch (ApiException refused) {
      assertThat(refused.getMessage()).doesNotContain("\n");
      return;
    }
    assertThat(name)
        .matches("[A-Za-z_][A-Za-z0-9_]*")
        .isNotEqualTo("PORT")
        .doesNotStartWith("PADDOCK_");
    assertThat(value).doesNotContain("\0");
  }

  @Property(tries = 500)
  void anAcceptedHealthPathStaysOneTokenOfARequestLine(@ForAll("paths") String path) {
    String accepted;
    try {
      accepted = HealthPaths.check(path);
    } catch (ApiException refused) {
      return;
    }
    if (accepted != null) {
      assertThat(accepted)
          .startsWith("/")
          .doesNotContain(" ", "\t", "\r", "\n", "\0", "\"", "<", ">");
    }
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.oneOf(
        Arbitraries.strings().alpha().numeric().withChars('_').ofMinLength(1).ofMaxLength(20),
        Arbitraries.of(
            "PORT", "PADDOCK_TENANT", "PADDOCK_SOCKET", "A=B", "A B", "A\nB", "", "1A", "É"),
        Arbitraries.strings().ofMaxLength(20));
  }

  @Provide
  Arbitrary<String> paths() {
    return Arbitraries.oneOf(
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .withChars('/', '?', '=', '&', '%')
            .ofMaxLength(30)
            .map(s -> "/" + s),
        Arbitraries.of("/ready HTTP/1.1\r\nHost: x", "/a b", "/\"x\"", "relative", "/ok\n"),
        Arbitraries.strings().ofMaxLength(30).map(s -> "/" + s));
  }
}
