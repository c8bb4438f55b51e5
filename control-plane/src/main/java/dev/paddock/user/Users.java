package dev.paddock.user;

import dev.paddock.auth.Caller;
import dev.paddock.auth.CallerLookup;
import dev.paddock.auth.Role;
import dev.paddock.web.ApiException;
import dev.paddock.web.ConflictException;
import dev.paddock.web.NotFoundException;
import dev.paddock.web.ProblemType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Users and their memberships in PostgreSQL. */
@Repository
public class Users implements CallerLookup {

  /** Lower-case letters, digits and {@code . _ @ -}: a plain name or an e-mail address. */
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._@-]{1,63}");

  private final JdbcClient db;
  private final Passwords passwords;

  Users(JdbcClient db, Passwords passwords) {
    this.db = db;
    this.passwords = passwords;
  }

  /** A member of a tenant as its owner sees it. */
  record Member(String user, Role role) {}

  User create(String name, String password, boolean admin) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new InvalidUserException(name);
    }
    String hash = passwords.hash(password);
    try {
      return db.sql("insert into users (name, password_hash, admin) values (?, ?, ?) returning *")
          .params(name, hash, admin)
          .query(Users::map)
          .single();
    } catch (DuplicateKeyException e) {
      throw new ConflictException("User '%s' already exists".formatted(name));
    }
  }

  /** The user with this name and password; an unknown name takes as long as a wrong password. */
  Optional<User> authenticate(String name, String password) {
    record Row(User user, String hash) {}
    Optional<Row> row =
        db.sql("select * from users where name = ?")
            .param(name)
            .query((rs, n) -> new Row(map(rs, n), rs.getString("password_hash")))
            .optional();
    boolean matches = passwords.matches(password, row.map(Row::hash).orElse(null));
    return matches ? row.map(Row::user) : Optional.empty();
  }

  /** The caller a signed-in user stands for, with their role in each of their tenants. */
  @Override
  public Optional<Caller> caller(long userId) {
    return byId(userId)
        .map(
            user ->
                new Caller(
                    "user:" + user.name(),
                    user.admin(),
                    db
                        .sql(
                            "select t.name, m.role from memberships m join tenants t on t.id = m.tenant_id where m.user_id = ?")
                        .param(userId)
                        .query(
                            (rs, n) ->
                                Map.entry(rs.getString("name"), Role.parse(rs.getString("role"))))
                        .list()
                        .stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))));
  }

  Optional<User> byId(long id) {
    return db.sql("select * from users where id = ?").param(id).query(Users::map).optional();
  }

  List<User> list() {
    return db.sql("select * from users order by name").query(Users::map).list();
  }

  void delete(String name) {
    if (db.sql("delete from users where name = ?").param(name).update() == 0) {
      throw new NotFoundException("User", name);
    }
  }

  /** Sets a new password once the current one is proven. */
  void changePassword(long id, String current, String password) {
    String hash =
        db.sql("select password_hash from users where id = ?")
            .param(id)
            .query(String.class)
            .single();
    if (!passwords.matches(current, hash)) {
      throw new WrongPasswordException();
    }
    db.sql("update users set password_hash = ? where id = ?")
        .params(passwords.hash(password), id)
        .update();
  }

  List<Member> members(long tenantId) {
    return db.sql(
            "select u.name, m.role from memberships m join users u on u.id = m.user_id where m.tenant_id = ? order by u.name")
        .param(tenantId)
        .query((rs, n) -> new Member(rs.getString("name"), Role.parse(rs.getString("role"))))
        .list();
  }

  /** Gives the user this role in the tenant, whatever they had there before. */
  void grant(long tenantId, String user, Role role) {
    if (role == Role.ADMIN) {
      throw new InvalidMembershipException("A member's role is owner, developer or viewer.");
    }
    int granted =
        db.sql(
                """
                insert into memberships (user_id, tenant_id, role)
                select id, ?, ? from users where name = ?
                on conflict (user_id, tenant_id) do update set role = excluded.role""")
            .params(tenantId, role.id(), user)
            .update();
    if (granted == 0) {
      throw new NotFoundException("User", user);
    }
  }

  void revoke(long tenantId, String user) {
    int revoked =
        db.sql(
                "delete from memberships where tenant_id = ? and user_id = (select id from users where name = ?)")
            .params(tenantId, user)
            .update();
    if (revoked == 0) {
      throw new NotFoundException("Member", user);
    }
  }

  private static User map(ResultSet rs, int row) throws SQLException {
    return new User(
        rs.getLong("id"),
        rs.getString("name"),
        rs.getBoolean("admin"),
        rs.getTimestamp("created_at").toInstant());
  }

  /** A user name outside the grammar. */
  static class InvalidUserException extends ApiException {
    InvalidUserException(String name) {
      super(
          ProblemType.INVALID_USER,
          "'%s' is not a user name: 2 to 64 of a-z, 0-9 and . _ @ -, starting with a letter or digit"
              .formatted(name));
    }
  }

  /** A membership that cannot be. */
  static class InvalidMembershipException extends ApiException {
    InvalidMembershipException(String detail) {
      super(ProblemType.INVALID_MEMBERSHIP, detail);
    }
  }

  /** The current password given to change it was wrong. */
  static class WrongPasswordException extends ApiException {
    WrongPasswordException() {
      super(
          ProblemType.WRONG_PASSWORD,
          "The current password is wrong; the password was not changed.");
    }
  }
}
