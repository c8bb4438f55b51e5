package dev.paddock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.paddock.support.Api;
import dev.paddock.support.InProcessPaddock;
import dev.paddock.support.Infrastructure;
import dev.paddock.support.Tenancy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every connection of the control plane's pool in use for longer than a call waits for one: the
 * call is refused as busy, to be tried again in a second, not as a database that is away.
 */
class DatabaseBusyIT extends InProcessPaddock {

  @Autowired DataSource dataSource;

  @Test
  void aCallThatFindsEveryConnectionInUseIsToldTheControlPlaneIsBusy() throws Exception {
    Tenancy acme = Tenancy.create(api(), ADMIN, Infrastructure.uniqueName("busy"));
    acme.createApp("web");

    HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
    // Takes every connection the pool gives, and each one the control plane's own work gives
    // back: always waiting first, the holder gets it before the call does.
    List<Connection> held = new CopyOnWriteArrayList<>();
    AtomicBoolean holding = new AtomicBoolean(true);
    Thread holder =
        Thread.ofPlatform()
            .start(
                () -> {
                  while (holding.get()) {
                    try {
                      held.add(pool.getConnection());
                    } catch (SQLException allInUse) {
                      // Ask again.
                    }
                  }
                });
    Api.Response busy;
    try {
      await()
          .until(
              () ->
                  pool.getHikariPoolMXBean().getActiveConnections() == pool.getMaximumPoolSize()
                      && pool.getHikariPoolMXBean().getThreadsAwaitingConnection() > 0);
      busy = api().get(acme.apps() + "/web", acme.token());
    } finally {
      holding.set(false);
      holder.join();
      for (Connection connection : held) {
        connection.close();
      }
    }

    assertThat(busy.status()).isEqualTo(503);
    assertThat(busy.contentType()).startsWith("application/problem+json");
    assertThat(busy.text("type")).endsWith("/control-plane-busy");
    assertThat(busy.text("detail")).contains("Try again in a second");
    assertThat(busy.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(api().get(acme.apps() + "/web", acme.token()).status()).isEqualTo(200);
  }
}
