package dev.paddock.routing.httpd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.routing.Certificate;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Reads mod_md's md-status as recorded from httpd 2.4.71 (mod_md 2.6.10) against pebble. */
class MdStatusTest {

  private final MdStatus status = read();

  private static MdStatus read() {
    try (InputStream in = MdStatusTest.class.getResourceAsStream("md-status.json")) {
      return MdStatus.parse(JsonMapper.builder().build().readTree(in));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aDomainWithItsCertificateIsActiveWithIssuerAndExpiry() {
    Certificate good = status.certificates().get("good.t.localhost");

    assertThat(good.state()).isEqualTo(Certificate.State.ACTIVE);
    assertThat(good.issuer()).isEqualTo("CN=Pebble Intermediate CA 19dccc");
    assertThat(good.expires()).isEqualTo(Instant.parse("2031-12-04T13:37:12Z"));
    assertThat(good.error()).isNull();
  }

  @Test
  void aDomainTheCaRefusedIsFailingWithItsErrorAndNextTry() {
    Certificate bad = status.certificates().get("bad.t.localhost");

    assertThat(bad.state()).isEqualTo(Certificate.State.FAILING);
    assertThat(bad.error())
        .contains("forbidden by policy", "urn:ietf:params:acme:error:rejectedIdentifier");
    assertThat(bad.nextTry()).isEqualTo(Instant.parse("2026-12-05T13:55:54Z"));
  }

  @Test
  void aNewCertificateWaitingForAReloadIsStagedAndCountsAsSecured() {
    assertThat(status.certificates().get("third.t.localhost").state())
        .isEqualTo(Certificate.State.PENDING);
    assertThat(status.staged()).containsOnlyKeys("third.t.localhost");
    assertThat(status.staged().get("third.t.localhost")).isEqualTo("2EB62F892C36C8B9");
    assertThat(status.secured()).containsExactlyInAnyOrder("good.t.localhost", "third.t.localhost");
  }
}
