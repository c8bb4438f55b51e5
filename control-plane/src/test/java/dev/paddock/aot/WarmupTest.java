package dev.paddock.aot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class WarmupTest {

  @Test
  void pathsStartingWithASlashAreTaken() {
    assertThat(new Warmup(List.of("/", "/api/x?q=1")).checked().paths())
        .containsExactly("/", "/api/x?q=1");
    assertThat(new Warmup(null).checked().paths()).isEmpty();
  }

  @Test
  void whatIsNoPathOrCouldSplitARequestIsRefused() {
    for (String bad :
        List.of("api", "http://elsewhere/", "/a b", "/a\r\nHost: x", "/" + "a".repeat(256), "")) {
      assertThatThrownBy(() -> new Warmup(List.of(bad)).checked())
          .isInstanceOf(Warmup.InvalidWarmupException.class);
    }
  }

  @Test
  void atMostSixteenPaths() {
    assertThat(new Warmup(Collections.nCopies(16, "/")).checked().paths()).hasSize(16);
    assertThatThrownBy(() -> new Warmup(Collections.nCopies(17, "/")).checked())
        .hasMessageContaining("at most 16");
  }
}
