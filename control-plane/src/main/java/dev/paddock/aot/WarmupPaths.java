package dev.paddock.aot;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Apps' warm-up paths, kept one per line in {@code apps.warmup_paths}. */
@Repository
class WarmupPaths {

  private final JdbcClient db;

  WarmupPaths(JdbcClient db) {
    this.db = db;
  }

  List<String> of(long appId) {
    return db.sql("select warmup_paths from apps where id = ?")
        .param(appId)
        .query((rs, row) -> Optional.ofNullable(rs.getString(1)))
        .optional()
        .flatMap(paths -> paths)
        .map(paths -> Arrays.stream(paths.split("\n")).filter(p -> !p.isEmpty()).toList())
        .orElse(List.of());
  }

  void set(long appId, List<String> paths) {
    db.sql("update apps set warmup_paths = ? where id = ?")
        .params(paths.isEmpty() ? null : String.join("\n", paths), appId)
        .update();
  }
}
