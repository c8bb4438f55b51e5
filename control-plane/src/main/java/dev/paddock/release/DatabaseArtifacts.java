package dev.paddock.release;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.postgresql.PGConnection;
import org.postgresql.largeobject.LargeObject;
import org.postgresql.largeobject.LargeObjectManager;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Release jars as PostgreSQL large objects, keyed by their SHA-256: the copy every control plane
 * sharing the database can read. Large objects are streamed, never held in memory whole, and only
 * within a transaction.
 */
@Component
class DatabaseArtifacts {

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;

  DatabaseArtifacts(JdbcTemplate jdbc, TransactionTemplate transactions) {
    this.jdbc = jdbc;
    this.transactions = transactions;
  }

  /** Stores the jar unless one with this digest is stored already. */
  void put(String sha256, Path jar) {
    transactions.executeWithoutResult(
        status ->
            jdbc.execute(
                (ConnectionCallback<Void>)
                    connection -> {
                      LargeObjectManager objects = largeObjects(connection);
                      long oid = write(objects, jar);
                      int added =
                          jdbc.update(
                              """
                              insert into artifacts (sha256, content, size) values (?, ?, ?)
                              on conflict (sha256) do nothing
                              """,
                              sha256,
                              oid,
                              size(jar));
                      if (added == 0) {
                        objects.delete(oid);
                      }
                      return null;
                    }));
  }

  /** A new large object holding the jar. */
  private static long write(LargeObjectManager objects, Path jar) throws SQLException {
    long oid = objects.createLO(LargeObjectManager.WRITE);
    try (LargeObject object = objects.open(oid, LargeObjectManager.WRITE);
        OutputStream out = object.getOutputStream()) {
      Files.copy(jar, out);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the jar " + jar, e);
    }
    return oid;
  }

  /** Writes the jar to {@code target}; false when the database holds no jar with this digest. */
  boolean copyTo(String sha256, Path target) {
    Boolean found =
        transactions.execute(
            status -> {
              List<Long> oids =
                  jdbc.queryForList(
                      "select content from artifacts where sha256 = ?", Long.class, sha256);
              return !oids.isEmpty()
                  && jdbc.execute(
                      (ConnectionCallback<Boolean>)
                          connection -> read(largeObjects(connection), oids.getFirst(), target));
            });
    return Boolean.TRUE.equals(found);
  }

  private static boolean read(LargeObjectManager objects, long oid, Path target)
      throws SQLException {
    try (LargeObject object = objects.open(oid, LargeObjectManager.READ);
        InputStream in = object.getInputStream()) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + target, e);
    }
    return true;
  }

  /** The digests of every stored jar. */
  Set<String> digests() {
    return new HashSet<>(jdbc.queryForList("select sha256 from artifacts", String.class));
  }

  /** Deletes the jar with this digest; absent is fine. */
  void delete(String sha256) {
    transactions.executeWithoutResult(
        status ->
            jdbc.queryForList(
                    "delete from artifacts where sha256 = ? returning content", Long.class, sha256)
                .forEach(oid -> jdbc.queryForObject("select lo_unlink(?)", Integer.class, oid)));
  }

  private static LargeObjectManager largeObjects(java.sql.Connection connection)
      throws SQLException {
    return connection.unwrap(PGConnection.class).getLargeObjectAPI();
  }

  private static long size(Path jar) {
    try {
      return Files.size(jar);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
