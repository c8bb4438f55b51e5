package dev.paddock.domain;

import dev.paddock.routing.Certificate;
import dev.paddock.routing.CertificateChanged;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Each name's last certificate failure, kept in the database: the edge forgets a failure at a
 * reload and the control plane at a restart, yet the name must still show why it has no certificate
 * and when the next try is. A failure is cleared when the name gets its certificate.
 */
@Component
class CertificateFailures {

  private final JdbcClient db;

  CertificateFailures(JdbcClient db) {
    this.db = db;
  }

  /** Records a failure, or clears it once the certificate is there. Idempotent. */
  @EventListener
  void on(CertificateChanged change) {
    Certificate now = change.now();
    if (now.state() == Certificate.State.FAILING) {
      db.sql(
              """
              insert into certificate_failures (host, error, next_try) values (?, ?, ?)
              on conflict (host) do update
              set error = excluded.error, next_try = excluded.next_try, failed_at = now()""")
          .params(now.host(), now.error(), timestamp(now.nextTry()))
          .update();
    } else if (now.state() == Certificate.State.ACTIVE) {
      db.sql("delete from certificate_failures where host = ?").params(now.host()).update();
    }
  }

  /**
   * The certificate as the edge has it, or, while the edge knows of no attempt (pending), the last
   * failure recorded for the name.
   */
  Certificate remembered(Certificate certificate) {
    if (certificate.state() != Certificate.State.PENDING) {
      return certificate;
    }
    Optional<Certificate> failure =
        db.sql("select error, next_try from certificate_failures where host = ?")
            .params(certificate.host())
            .query(
                (rs, row) -> {
                  Timestamp next = rs.getTimestamp("next_try");
                  return Certificate.failing(
                      certificate.host(),
                      rs.getString("error"),
                      next == null ? null : next.toInstant());
                })
            .optional();
    return failure.orElse(certificate);
  }

  private static Timestamp timestamp(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }
}
