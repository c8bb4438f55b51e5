package dev.paddock.domain;

import dev.paddock.naming.HostName;
import dev.paddock.web.ConflictException;
import dev.paddock.web.NotFoundException;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Apps' own host names in PostgreSQL: each belongs to one app at most. */
@Repository
class Domains {

  private final JdbcClient db;

  Domains(JdbcClient db) {
    this.db = db;
  }

  List<String> of(long appId) {
    return db.sql("select host from domains where app_id = ? order by host")
        .param(appId)
        .query(String.class)
        .list();
  }

  /** Gives the host name to the app; again for the same app is fine, for another is a conflict. */
  void add(long appId, HostName host) {
    Long owner =
        db.sql(
                """
                insert into domains (host, app_id) values (?, ?)
                on conflict (host) do update set host = excluded.host
                returning app_id""")
            .params(host.value(), appId)
            .query(Long.class)
            .single();
    if (owner != appId) {
      throw new ConflictException("Domain '%s' is already used by another app".formatted(host));
    }
  }

  void remove(long appId, HostName host) {
    if (db.sql("delete from domains where host = ? and app_id = ?")
            .params(host.value(), appId)
            .update()
        == 0) {
      throw new NotFoundException("Domain", host);
    }
  }
}
