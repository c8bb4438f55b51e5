package dev.paddock.domain;

import dev.paddock.events.Events;
import dev.paddock.leader.Leadership;
import dev.paddock.routing.Certificate;
import dev.paddock.routing.CertificateChanged;
import dev.paddock.routing.EdgeProperties;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes certificates issued, renewed and failing into the events of the app that owns the name.
 * Every replica watches its own edge; the leader's writes them, once.
 */
@Component
class CertificateEvents {

  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private final JdbcClient db;
  private final Events events;
  private final Leadership leadership;
  private final EdgeProperties edge;

  CertificateEvents(JdbcClient db, Events events, Leadership leadership, EdgeProperties edge) {
    this.db = db;
    this.events = events;
    this.leadership = leadership;
    this.edge = edge;
  }

  /** The owner of a name and the app it is, for an event. */
  private record Owner(long tenantId, long appId) {}

  @EventListener
  void on(CertificateChanged change) {
    if (!leadership.isLeader()) {
      return;
    }
    Certificate now = change.now();
    String type;
    String message;
    if (now.state() == Certificate.State.ACTIVE && now.error() == null) {
      boolean renewed =
          change.before() != null && change.before().state() == Certificate.State.ACTIVE;
      type = renewed ? "certificate.renewed" : "certificate.issued";
      message =
          "Certificate for %s %s by %s, valid until %s"
              .formatted(
                  now.host(),
                  renewed ? "renewed" : "issued",
                  now.issuer(),
                  now.expires() == null ? "?" : DAY.format(now.expires()));
    } else if (now.error() != null) {
      type = "certificate.failed";
      message =
          "No certificate for %s yet: %s%s"
              .formatted(
                  now.host(),
                  now.error(),
                  now.nextTry() == null ? "" : "; next try " + DAY.format(now.nextTry()));
    } else {
      return;
    }
    db.sql(
            """
            select a.tenant_id, a.id as app_id from apps a join tenants t on t.id = a.tenant_id
            where a.name || '.' || t.name || '.' || ? = ?
            union all
            select a.tenant_id, a.id from domains d join apps a on a.id = d.app_id
            where d.host = ? and d.verified_at is not null""")
        .params(edge.baseDomain(), now.host(), now.host())
        .query((rs, row) -> new Owner(rs.getLong("tenant_id"), rs.getLong("app_id")))
        .list()
        .forEach(owner -> events.record(owner.tenantId(), owner.appId(), type, message));
  }
}
