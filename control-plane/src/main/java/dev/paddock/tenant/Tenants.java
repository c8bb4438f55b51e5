package dev.paddock.tenant;

import dev.paddock.auth.Caller;
import dev.paddock.naming.DnsLabel;
import dev.paddock.web.ConflictException;
import dev.paddock.web.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Tenants in PostgreSQL; every read goes through the caller so other tenants stay invisible. */
@Repository
public class Tenants {

  private final JdbcClient db;

  Tenants(JdbcClient db) {
    this.db = db;
  }

  Tenant create(DnsLabel name) {
    try {
      return db.sql("insert into tenants (name) values (?) returning *")
          .param(name.value())
          .query(Tenants::map)
          .single();
    } catch (DuplicateKeyException e) {
      throw new ConflictException("Tenant '%s' already exists".formatted(name));
    }
  }

  /** The tenant if the caller may see it; otherwise 404, exactly as if it did not exist. */
  public Tenant visibleTo(Caller caller, DnsLabel name) {
    return byName(name)
        .filter(tenant -> caller.canSee(tenant.id()))
        .orElseThrow(() -> new NotFoundException("Tenant", name));
  }

  public Optional<Tenant> byId(long id) {
    return db.sql("select * from tenants where id = ?").param(id).query(Tenants::map).optional();
  }

  private Optional<Tenant> byName(DnsLabel name) {
    return db.sql("select * from tenants where name = ?")
        .param(name.value())
        .query(Tenants::map)
        .optional();
  }

  private static Tenant map(ResultSet rs, int row) throws SQLException {
    return new Tenant(
        rs.getLong("id"),
        new DnsLabel(rs.getString("name")),
        rs.getInt("uid"),
        rs.getTimestamp("created_at").toInstant());
  }
}
