import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Prints "<table> <rows>" for every table of the public schema, for bench/faults.sh to count rows
 * before and after a fault: java -cp postgresql.jar CountRows.java <jdbc url>
 */
class CountRows {
  public static void main(String[] args) throws SQLException {
    try (var db = DriverManager.getConnection(args[0], "postgres", "");
        var tables =
            db.createStatement()
                .executeQuery(
                    "select tablename from pg_tables where schemaname = 'public' order by 1")) {
      while (tables.next()) {
        String table = tables.getString(1);
        try (var count = db.createStatement().executeQuery("select count(*) from " + table)) {
          count.next();
          System.out.println(table + " " + count.getLong(1));
        }
      }
    }
  }
}
