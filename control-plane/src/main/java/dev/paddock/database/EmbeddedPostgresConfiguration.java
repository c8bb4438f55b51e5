package dev.paddock.database;

import com.zaxxer.hikari.HikariDataSource;
import dev.paddock.Installation;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With no {@code spring.datasource.url}, Paddock runs a real PostgreSQL of its own with its data
 * under {@code <data dir>/postgres}, kept across restarts, and starts it again when it dies.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
class EmbeddedPostgresConfiguration {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);
  // Under a second, so that while the database is away the API still answers (503) within one.
  static final Duration CONNECTION_TIMEOUT = Duration.ofMillis(750);

  @Bean(destroyMethod = "close")
  SupervisedPostgres embeddedPostgres(Installation installation, MeterRegistry meters)
      throws IOException {
    Path data = installation.dir("postgres");
    stopLeftover(data);
    SupervisedPostgres postgres = SupervisedPostgres.start(data, meters);
    log.info("Embedded PostgreSQL on port {} with data in {}", postgres.port(), data);
    return postgres;
  }

  @Bean
  DataSource dataSource(SupervisedPostgres postgres) {
    HikariDataSource dataSource = new HikariDataSource();
    dataSource.setJdbcUrl(postgres.jdbcUrl());
    dataSource.setUsername("postgres");
    dataSource.setMaximumPoolSize(10);
    // While the database is away, a call waits this long for a connection, then fails with 503.
    dataSource.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
    return dataSource;
  }

  /**
   * A control plane killed with SIGKILL leaves its PostgreSQL running, holding the data directory:
   * stop it so this one can start.
   */
  private static void stopLeftover(Path data) throws IOException {
    Path pidFile = data.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    long pid = Long.parseLong(Files.readAllLines(pidFile).getFirst().strip());
    ProcessHandle.of(pid)
        .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false))
        .ifPresent(
            p -> {
              log.info("Stopping PostgreSQL {} left by a previous run", pid);
              p.destroy();
              p.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
            });
  }
}
