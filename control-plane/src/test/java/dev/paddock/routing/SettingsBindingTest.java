package dev.paddock.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The edge's settings as docker-compose passes them: a variable left unset in {@code .env} arrives
 * empty, and means "none", never a setting that stops the control plane from starting.
 */
class SettingsBindingTest {

  private static Binder binder(Map<String, String> settings) {
    return new Binder(new MapConfigurationPropertySource(settings));
  }

  @Test
  void emptyAcmeDirectoryAndConsoleHostMeanHttpsOffAndNoConsoleHost() {
    Binder empty =
        binder(
            Map.of(
                "paddock.edge.https-port", "8443",
                "paddock.edge.acme.directory", "",
                "paddock.edge.acme.email", "",
                "paddock.edge.console-host", "",
                "paddock.edge.acme.store", ""));

    AcmeProperties acme = empty.bindOrCreate("paddock.edge.acme", AcmeProperties.class);
    EdgeProperties edge = empty.bindOrCreate("paddock.edge", EdgeProperties.class);

    assertThat(acme.enabled()).isFalse();
    assertThat(edge.consoleHost()).isNull();
    assertThat(edge.httpsPort()).isEqualTo(8443);
    assertThat(edge.reachedHttpsPort()).isEqualTo(8443);
    assertThat(acme.store()).isNull();
  }

  @Test
  void thePublishedHttpsPortIsTheOneInRedirects() {
    EdgeProperties edge =
        binder(Map.of("paddock.edge.https-port", "8443", "paddock.edge.public-https-port", "443"))
            .bindOrCreate("paddock.edge", EdgeProperties.class);

    assertThat(edge.httpsPort()).isEqualTo(8443);
    assertThat(edge.reachedHttpsPort()).isEqualTo(443);
  }

  @Test
  void setAcmeDirectoryAndConsoleHostBind() {
    Binder set =
        binder(
            Map.of(
                "paddock.edge.acme.directory", "https://acme-v02.api.letsencrypt.org/directory",
                "paddock.edge.acme.email", "ops@example.com",
                "paddock.edge.console-host", "paddock.example.com"));

    assertThat(set.bindOrCreate("paddock.edge.acme", AcmeProperties.class).enabled()).isTrue();
    assertThat(set.bindOrCreate("paddock.edge", EdgeProperties.class).consoleHost())
        .isEqualTo("paddock.example.com");
  }
}
