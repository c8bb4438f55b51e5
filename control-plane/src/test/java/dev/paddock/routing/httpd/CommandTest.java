package dev.paddock.routing.httpd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandTest {

  @Test
  void httpdGetsThePathAndLocaleButNeitherTheDatabasePasswordNorTheAdminToken() {
    var inherited =
        Map.of(
            "PATH", "/opt/jdk/bin:/usr/bin",
            "LANG", "C.UTF-8",
            "LC_ALL", "C.UTF-8",
            "SPRING_DATASOURCE_PASSWORD", "secret",
            "PADDOCK_ADMIN_TOKEN", "token",
            "HOME", "/root");

    assertThat(Command.environment(inherited))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("PATH", "/opt/jdk/bin:/usr/bin", "LANG", "C.UTF-8", "LC_ALL", "C.UTF-8"));
  }

  @Test
  void debiansApacheSettingsPassSoApache2ctlFindsItsInstance() {
    assertThat(Command.environment(Map.of("APACHE_CONFDIR", "/etc/apache2-edge")))
        .containsEntry("APACHE_CONFDIR", "/etc/apache2-edge");
  }

  @Test
  void aMissingPathIsTheUsualSystemOneWhereApache2Lives() {
    assertThat(Command.environment(Map.of()).get("PATH").split(":")).contains("/usr/sbin");
  }
}
