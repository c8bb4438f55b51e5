package dev.paddock.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paddock.auth.Caller;
import dev.paddock.auth.Role;
import dev.paddock.naming.DnsLabel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

class StreamSlotsTest {

  private static final DnsLabel ACME = new DnsLabel("acme");
  private static final DnsLabel GLOBEX = new DnsLabel("globex");

  private final StreamSlots slots =
      new StreamSlots(
          new StreamProperties(
              2, 3, Duration.ofSeconds(7), Duration.ofMillis(250), Duration.ofSeconds(15)));

  private static Caller token(String name, DnsLabel tenant) {
    return new Caller("token:" + name, false, Map.of(tenant.value(), Role.VIEWER));
  }

  @Test
  void oneStreamBeyondTheCallersBoundIs429WithRetryAfterAndHowManyAreOpen() {
    slots.take(token("ci", ACME), ACME);
    slots.take(token("ci", ACME), ACME);
    assertThatThrownBy(() -> slots.take(token("ci", ACME), ACME))
        .isInstanceOfSatisfying(
            TooManyStreamsException.class,
            e -> {
              assertThat(e.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
              assertThat(e.headers().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("7");
            })
        .hasMessageContaining("has 2 streams open")
        .hasMessageContaining("paddock.streams.per-caller");
  }

  @Test
  void oneStreamBeyondTheTenantsBoundIsRefusedWhoeverAsksForIt() {
    slots.take(token("a", ACME), ACME);
    slots.take(token("a", ACME), ACME);
    slots.take(token("b", ACME), ACME);
    assertThatThrownBy(() -> slots.take(token("c", ACME), ACME))
        .hasMessageContaining("tenant 'acme' has 3 streams open")
        .hasMessageContaining("paddock.streams.per-tenant");
  }

  @Test
  void aStreamGivenBackFreesItsPlaceOnceHoweverOftenItIsGivenBack() {
    StreamSlots.Slot first = slots.take(token("ci", ACME), ACME);
    slots.take(token("ci", ACME), ACME);
    first.give();
    first.give();
    slots.take(token("ci", ACME), ACME);
    assertThat(slots.openIn(ACME)).isEqualTo(2);
    assertThatThrownBy(() -> slots.take(token("ci", ACME), ACME))
        .isInstanceOf(TooManyStreamsException.class);
  }

  @Test
  void tokensOfTheSameNameInTwoTenantsAreTwoCallers() {
    slots.take(token("ci", ACME), ACME);
    slots.take(token("ci", ACME), ACME);
    slots.take(token("ci", GLOBEX), GLOBEX);
    assertThat(slots.openIn(GLOBEX)).isEqualTo(1);
  }

  @Test
  void aUserIsOneCallerAcrossTheTenantsTheyBelongTo() {
    Caller ann = new Caller("user:ann", false, Map.of("acme", Role.VIEWER, "globex", Role.VIEWER));
    slots.take(ann, ACME);
    slots.take(ann, GLOBEX);
    assertThatThrownBy(() -> slots.take(ann, GLOBEX)).isInstanceOf(TooManyStreamsException.class);
  }

  @Test
  void everyPlaceTakenAndGivenBackLeavesNothingOpen() {
    List<StreamSlots.Slot> taken = new ArrayList<>();
    taken.add(slots.take(token("a", ACME), ACME));
    taken.add(slots.take(token("b", ACME), ACME));
    taken.add(slots.take(token("c", GLOBEX), GLOBEX));
    taken.forEach(StreamSlots.Slot::give);
    assertThat(slots.openIn(ACME)).isZero();
    assertThat(slots.openIn(GLOBEX)).isZero();
  }
}
