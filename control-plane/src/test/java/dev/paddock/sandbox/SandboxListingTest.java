package dev.paddock.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SandboxListingTest {

  /** An engine that answers each listing with a list of its own and counts them. */
  private final AtomicInteger listings = new AtomicInteger();

  private final SandboxDriver engine =
      new SandboxDriver() {
        @Override
        public List<Sandbox> list() {
          listings.incrementAndGet();
          return new ArrayList<>();
        }

        @Override
        public Sandbox start(SandboxSpec spec) {
          throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Limits> resize(Sandbox sandbox, Limits limits) {
          throw new UnsupportedOperationException();
        }

        @Override
        public void remove(Sandbox sandbox, Duration grace) {
          throw new UnsupportedOperationException();
        }
      };

  private final SandboxListing listing = new SandboxListing(engine);

  @Test
  void whoCanUseAnOlderListingGetsTheLastOneWhileItIsYoungEnough() {
    List<Sandbox> first = listing.within(Duration.ofHours(1));
    assertThat(listing.within(Duration.ofHours(1))).isSameAs(first);
    assertThat(listings).hasValue(1);

    assertThat(listing.within(Duration.ZERO)).isNotSameAs(first);
    assertThat(listings).hasValue(2);
  }

  @Test
  void whoMustSeeTheEngineNowListsItAndTheOthersGetThatListing() {
    listing.within(Duration.ofHours(1));
    List<Sandbox> now = listing.now();
    assertThat(listings).hasValue(2);
    assertThat(listing.within(Duration.ofHours(1))).isSameAs(now);
    assertThat(listings).hasValue(2);
  }
}
