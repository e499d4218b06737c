package dev.sluice.server.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded store: one SQLite file in WAL mode, schema managed by Flyway
 * ({@code db/migration/sqlite}). WAL lets the CLI ({@code sluice keys create}) write while a running
 * gateway reads.
 */
public final class Database {
  private final SQLiteDataSource dataSource;
  private final String url;

  private Database(SQLiteDataSource dataSource, String url) {
    this.dataSource = dataSource;
    this.url = url;
  }

  /** Opens (creating if needed) the store at a {@code sqlite:<path>} URL and migrates it. */
  public static Database open(String storeUrl) {
    if (!storeUrl.startsWith("sqlite:")) {
      throw new IllegalArgumentException("unsupported store url " + storeUrl + " (only sqlite: for now)");
    }
    Path file = Path.of(storeUrl.substring("sqlite:".length()));
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the directory for " + file, e);
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL); // durable with WAL, no fsync per commit
    config.setBusyTimeout(5000); // the CLI and the server may write at once
    // BEGIN IMMEDIATE: a read-then-write transaction (budget set, key rotate) takes the write lock up front.
    // A deferred one that read first fails at once with SQLITE_BUSY_SNAPSHOT when the ledger shipper committed
    // in between, and the busy timeout does not apply to that case.
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    config.enforceForeignKeys(true);
    SQLiteDataSource ds = new SQLiteDataSource(config);
    String jdbcUrl = "jdbc:sqlite:" + file;
    ds.setUrl(jdbcUrl);
    Flyway.configure()
        .dataSource(ds)
        .locations("classpath:db/migration/sqlite")
        .load()
        .migrate();
    return new Database(ds, jdbcUrl);
  }

  public Connection connection() throws SQLException {
    return dataSource.getConnection();
  }

  /** True when the store answers a trivial query; used by /health/ready. */
  public boolean ping() {
    try (Connection c = connection(); Statement s = c.createStatement()) {
      return s.execute("SELECT 1");
    } catch (SQLException e) {
      return false;
    }
  }

  public String url() {
    return url;
  }
}
