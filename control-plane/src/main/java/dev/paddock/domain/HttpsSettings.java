package dev.paddock.domain;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Whether an app's HTTP redirects to HTTPS, in PostgreSQL. */
@Repository
class HttpsSettings {

  private final JdbcClient db;

  HttpsSettings(JdbcClient db) {
    this.db = db;
  }

  boolean httpsOnly(long appId) {
    return db.sql("select https_only from apps where id = ?")
        .param(appId)
        .query(Boolean.class)
        .single();
  }

  void setHttpsOnly(long appId, boolean only) {
    db.sql("update apps set https_only = ? where id = ?").params(only, appId).update();
  }
}
