package dev.paddock.leader;

import dev.paddock.Installation;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which of the control planes sharing one PostgreSQL runs the reconciler: the one whose own
 * connection holds a session-level advisory lock. PostgreSQL lets one session hold it at a time and
 * frees it the moment that session ends, so a leader that dies (its connection closes) is followed
 * by another within one {@link Properties#checkInterval() check interval}.
 *
 * <p>The same connection listens on a channel that carries work between replicas: a replica that is
 * not the leader hands an app's reconcile request to the leader, and every replica hears that the
 * routes changed, since each one renders its own edge. A leader that can no longer reach the
 * database stops leading at once, before anyone else can take the lock.
 */
@Component
public class Leadership implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(Leadership.class);
  private static final String CHANNEL = "paddock_work";
  private static final String ROUTES = "routes";

  /** The control plane began to lead: it should take up everything a leader does at once. */
  public record Gained() {}

  /** The leader is asked for a pass over an app (by another replica). */
  public record AppRequested(long appId) {}

  /** Another replica changed the apps or their host names: every edge renders its routes. */
  public record RoutesChanged() {}

  /**
   * Leader election ({@code paddock.leader.*}).
   *
   * @param checkInterval how often a replica tries for the lock and the leader checks it still
   *     holds it; takeover after a leader's death takes at most about this long
   */
  @ConfigurationProperties("paddock.leader")
  public record Properties(@DefaultValue("1s") Duration checkInterval) {}

  private final DataSource dataSource;
  private final JdbcTemplate jdbc;
  private final ApplicationEventPublisher events;
  private final Properties properties;
  private final long key;
  private final String id = ManagementFactory.getRuntimeMXBean().getName();
  private volatile boolean leader;
  private volatile boolean running;
  private volatile Connection connection;
  // Marks this control plane's own notifications, which it hears too (sent on pooled connections).
  private final String origin = UUID.randomUUID().toString();
  private Thread loop;

  Leadership(
      DataSource dataSource,
      JdbcTemplate jdbc,
      ApplicationEventPublisher events,
      Installation installation,
      Properties properties,
      MeterRegistry registry) {
    this.dataSource = dataSource;
    this.jdbc = jdbc;
    this.events = events;
    this.properties = properties;
    // One lock per installation name, so two installations may share a database server.
    this.key = lockKey(installation.name());
    Gauge.builder("paddock.leader", this, l -> l.leader ? 1 : 0)
        .description("1 on the control plane that runs the reconciler, 0 on the others")
        .register(registry);
  }

  /** Whether this control plane runs the reconciler now. */
  public boolean isLeader() {
    return leader;
  }

  /** This control plane's name among the replicas: {@code pid@host}, the host a pod's name. */
  public String replica() {
    return id;
  }

  /** Hands a pass over the app to the leader, wherever it runs. */
  public void requestFromLeader(long appId) {
    send("app:" + appId);
  }

  /** Tells every other replica to render its edge's routes again. */
  public void routesChanged() {
    send(ROUTES);
  }

  @Override
  public void start() {
    running = true;
    // Try once now, so a lone control plane leads before its scheduled work first runs.
    check();
    loop = Thread.ofVirtual().name("paddock-leadership").start(this::run);
  }

  @Override
  public void stop() {
    running = false;
    if (loop != null) {
      loop.interrupt();
    }
    release();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void run() {
    while (running) {
      check();
      Connection listening = connection;
      try {
        if (listening == null) {
          Thread.sleep(properties.checkInterval());
        } else {
          // Waits up to the interval for work from other replicas; fails when the server is gone.
          int millis = (int) properties.checkInterval().toMillis();
          PGNotification[] received = listening.unwrap(PGConnection.class).getNotifications(millis);
          if (received != null) {
            for (PGNotification notification : received) {
              deliver(notification);
            }
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (SQLException e) {
        lost(e);
      }
    }
  }

  private synchronized void check() {
    try {
      if (connection == null) {
        connect();
      }
      if (leader) {
        // Proves the session, and with it the lock, is still there.
        try (Statement statement = connection.createStatement()) {
          statement.execute("select 1");
        }
      } else if (tryLock()) {
        leader = true;
        log.info("This control plane ({}) now leads: it runs the reconciler", id);
        events.publishEvent(new Gained());
      }
    } catch (SQLException e) {
      lost(e);
    }
  }

  private void connect() throws SQLException {
    connection = dataSource.getConnection();
    connection.setAutoCommit(true);
    try (Statement statement = connection.createStatement()) {
      statement.execute("listen " + CHANNEL);
    }
  }

  private boolean tryLock() throws SQLException {
    try (var statement = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
      statement.setLong(1, key);
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /** A notification is {@code <origin> <what>}. */
  private void deliver(PGNotification notification) {
    String[] parts = notification.getParameter().split(" ", 2);
    if (parts.length != 2 || parts[0].equals(origin)) {
      return;
    }
    String payload = parts[1];
    if (payload.equals(ROUTES)) {
      events.publishEvent(new RoutesChanged());
    } else if (leader && payload.startsWith("app:")) {
      events.publishEvent(new AppRequested(Long.parseLong(payload.substring(4))));
    }
  }

  private synchronized void lost(SQLException e) {
    if (leader) {
      log.warn("This control plane ({}) stops leading: {}", id, e.getMessage());
    } else if (running) {
      log.warn("Leader election cannot reach the database, will retry: {}", e.getMessage());
    }
    leader = false;
    closeQuietly();
  }

  private synchronized void release() {
    leader = false;
    // Closing the session frees the lock for the next leader at once.
    closeQuietly();
  }

  private void closeQuietly() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // Gone already.
      }
      connection = null;
    }
  }

  private void send(String payload) {
    try {
      jdbc.queryForObject(
          "select pg_notify(?, ?)::text", String.class, CHANNEL, origin + " " + payload);
    } catch (RuntimeException e) {
      // The leader's next periodic pass covers what this notification would have started.
      log.warn("Cannot reach the other control planes ({}): {}", payload, e.getMessage());
    }
  }

  static long lockKey(String installation) {
    long hash = 1125899906842597L;
    for (byte b : ("paddock-leader/" + installation).getBytes(StandardCharsets.UTF_8)) {
      hash = 31 * hash + b;
    }
    return hash;
  }
}
