package dev.paddock.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EdgePropertiesTest {

  @Test
  void appsUrlsNameHttpdsPortUnlessAPublicOneIsSet() {
    assertThat(new EdgeProperties("localhost", "127.0.0.1", 8000).url("acme", "web"))
        .isEqualTo("http://web.acme.localhost:8000/");
    assertThat(
            new EdgeProperties("apps.example.com", "0.0.0.0", 8000, "http", 80).url("acme", "web"))
        .isEqualTo("http://web.acme.apps.example.com/");
    assertThat(new EdgeProperties("apps.example.com", "0.0.0.0", 8000, "https", 443).url("a", "b"))
        .isEqualTo("https://b.a.apps.example.com/");
    assertThat(new EdgeProperties("apps.example.com", "0.0.0.0", 8000, "https", 8443).url("a", "b"))
        .isEqualTo("https://b.a.apps.example.com:8443/");
  }

  @Test
  void onlyHttpAndHttpsAreSchemes() {
    assertThatThrownBy(() -> new EdgeProperties("localhost", "127.0.0.1", 8000, "ftp", null))
        .hasMessageContaining("public-scheme");
  }
}
