package dev.paddock.web;

import com.zaxxer.hikari.HikariDataSource;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lets the API's reads in as many at a time as the database has connections, first come first
 * served; the others wait for their turn, for up to {@link #WAIT}, then get 503 with {@code
 * Retry-After}. Let in all at once (a thread each, up to Tomcat's 200), a burst of reads (or a
 * control plane whose code the JIT has not compiled yet) has every one of them contend for the pool
 * at each of its queries, and some wait longer for a connection than a call may. A read gives its
 * turn back as soon as its answer starts (a stream of server-sent events once it has started), so a
 * slow client holds none. Changes (uploads among them, which last as long as the client sends),
 * health probes and the dashboard's files never wait.
 */
@Component
// Inside DatabaseAway, before the token's look-up, which is a query too.
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class Admission extends OncePerRequestFilter {

  static final Duration WAIT = Duration.ofSeconds(5);

  private final Semaphore turns;
  private final Duration wait;
  private final JsonMapper json;

  @Autowired
  Admission(DataSource dataSource, JsonMapper json) throws SQLException {
    this(
        dataSource.isWrapperFor(HikariDataSource.class)
            ? dataSource.unwrap(HikariDataSource.class).getMaximumPoolSize()
            : 10,
        WAIT,
        json);
  }

  Admission(int connections, Duration wait, JsonMapper json) {
    this.turns = new Semaphore(Math.max(2, connections), true);
    this.wait = wait;
    this.json = json;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String method = request.getMethod();
    return !request.getRequestURI().startsWith("/api/")
        || !("GET".equals(method) || "HEAD".equals(method));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    boolean admitted;
    try {
      admitted = turns.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      admitted = false;
    }
    if (!admitted) {
      response.setHeader("Retry-After", "1");
      String detail =
          "The control plane had more reads under way than its database connections serve, and"
              + " this one waited %d s for its turn; apps keep serving. Try again in a second.";
      Problems.write(
          response,
          Problems.of(ProblemType.CONTROL_PLANE_BUSY, detail.formatted(wait.toSeconds())),
          json);
      return;
    }
    AtomicBoolean holding = new AtomicBoolean(true);
    Runnable giveBack =
        () -> {
          if (holding.getAndSet(false)) {
            turns.release();
          }
        };
    try {
      chain.doFilter(request, new Answering(response, giveBack));
    } finally {
      giveBack.run();
    }
  }

  /**
   * A response that gives its read's turn back once its answer starts: the queries are done by
   * then, and a client that reads the answer slowly, or a download, holds no turn meanwhile.
   */
  private static final class Answering extends HttpServletResponseWrapper {

    private final Runnable started;

    Answering(HttpServletResponse response, Runnable started) {
      super(response);
      this.started = started;
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
      started.run();
      return super.getOutputStream();
    }

    @Override
    public PrintWriter getWriter() throws IOException {
      started.run();
      return super.getWriter();
    }
  }
}
