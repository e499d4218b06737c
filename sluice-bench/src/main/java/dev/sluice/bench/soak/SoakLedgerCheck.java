package dev.sluice.bench.soak;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/**
 * Is the usage ledger complete? Every attempt that reached a fake must have exactly one record: the fakes count the
 * requests they received (per model name), the gateway's SQLite database holds the records once the shipper has
 * moved them out of the journal. Read while the gateway still runs (SQLite allows a reader next to the writer).
 *
 * @param upstreamRequests requests the fakes received (the startup check included)
 * @param records rows in {@code usage_records}
 * @param byOutcome rows per outcome (SERVED, FAILED, CLIENT_GONE, INTERRUPTED)
 * @param byProvider rows per provider
 * @param waitedMs how long the shipper took to catch up after the last answer
 */
record SoakLedgerCheck(long upstreamRequests, long records, Map<String, Long> byOutcome,
    Map<String, Long> byProvider, long waitedMs) {

  boolean complete() {
    return records == upstreamRequests && byOutcome.getOrDefault("INTERRUPTED", 0L) == 0;
  }

  /** Polls the database until its record count reaches the fakes' count (at most {@code timeoutMs}). */
  static SoakLedgerCheck await(SoakStack stack, long timeoutMs) throws Exception {
    long t0 = System.currentTimeMillis();
    long upstream = upstreamRequests(stack);
    long records = -1;
    while (System.currentTimeMillis() - t0 < timeoutMs) {
      records = count(stack, "SELECT count(*) FROM usage_records");
      if (records >= upstream) {
        break;
      }
      Thread.sleep(250);
    }
    long waited = System.currentTimeMillis() - t0;
    return new SoakLedgerCheck(upstream, records, group(stack, "outcome"), group(stack, "provider"), waited);
  }

  /** What the fakes received, summed over every model name the soak's kinds reach them with. */
  static long upstreamRequests(SoakStack stack) {
    return stack.oai.requestCount("gpt-4o-mini") + stack.oai.requestCount("chunks-20-gap-10")
        + stack.oai.requestCount("chunks-20-gap-50")
        + stack.oai.requestCount("chunks-20-gap-10-die-after-5")
        + stack.flaky.requestCount(SoakStack.FLAKY_MODEL)
        + stack.anth.requestCount("claude-soak") + stack.anth.requestCount("claude-soak-chunks-10-gap-10");
  }

  private static long count(SoakStack stack, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + stack.database());
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  private static Map<String, Long> group(SoakStack stack, String column) throws SQLException {
    Map<String, Long> out = new TreeMap<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + stack.database());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT " + column + ", count(*) FROM usage_records GROUP BY " + column)) {
      while (rs.next()) {
        out.put(String.valueOf(rs.getString(1)), rs.getLong(2));
      }
    }
    return out;
  }
}
