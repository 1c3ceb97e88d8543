package dev.hotpath.benchmarks.collector;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Bytes on disk per 1,000 reports of 2,000 stacks, raw and (on TimescaleDB) compressed, and what dropping the day
 * that holds them costs, on a database the collector has migrated (either engine; it says which it found).
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.hotpath.benchmarks.collector.StorageFootprint JDBC_URL USER
 * PASSWORD [repeating]}, on a fresh database (space freed by earlier deletes would hide the plain table's growth). The blocks go into {@code sample_block} as the collector writes them (one row per report, type and
 * state, stacks in parallel arrays) for group id -1 on 2020-01-01, a day no collector writes, and are removed at the
 * end by the measured drop. Ten instances report for 100 minutes; each has 4,000 distinct stacks (64-bit keyed ids,
 * as random as the collector's HMAC ids) and each minute's report holds a random 2,000 of them in random order,
 * with 1 to 50 samples of 10 ms each.
 */
public final class StorageFootprint {
    private static final int INSTANCES = 10;
    private static final int MINUTES = 100;
    private static final int STACKS_PER_REPORT = 2000;
    private static final int POPULATION = 4000;
    private static final String DAY = "2020-01-01";

    // Stack ids: a keyed hash of instance and stack (md5, 64 bits), as random as the collector's HMAC ids. Each
    // minute takes its own random half of the instance's stacks in its own random order (the collector keeps a
    // report's stacks in the order first seen), with 1 to 50 samples each: no minute repeats another's layout.
    private static final String INSERT = """
      INSERT INTO sample_block (group_id, instance_id, bucket, sample_type, thread_state, stack_ids, stack_values,
                                stack_samples)
      SELECT -1, i, timestamptz '2020-01-01 00:00+00' + make_interval(mins => m), 'cpu', 'RUNNABLE',
             array_agg(('x' || substr(md5(i || ':' || s.p), 1, 16))::bit(64)::bigint ORDER BY s.o),
             array_agg(s.n * 10000000::bigint ORDER BY s.o), array_agg(s.n::bigint ORDER BY s.o)
      FROM generate_series(1, ?) AS i, generate_series(0, ? - 1) AS m,
           LATERAL (SELECT p, md5(i || ':' || m || ':' || p) AS o, 1 + abs(hashtext(m || '/' || p)) % 50 AS n
                    FROM generate_series(0, ? - 1) AS p ORDER BY 2 LIMIT ?) AS s
      GROUP BY i, m
      """;
    // The best case for compression: every instance's minute m holds stacks m * 1000 .. m * 1000 + 1999 (mod 4,000)
    // in that order, so every fourth report of an instance repeats one exactly.
    private static final String INSERT_REPEATING = """
      INSERT INTO sample_block (group_id, instance_id, bucket, sample_type, thread_state, stack_ids, stack_values,
                                stack_samples)
      SELECT -1, i, timestamptz '2020-01-01 00:00+00' + make_interval(mins => m), 'cpu', 'RUNNABLE',
             array_agg(('x' || substr(md5(i || ':' || ((m * 1000 + k) % ?)), 1, 16))::bit(64)::bigint ORDER BY k),
             array_agg((1 + (m + k) % 50) * 10000000::bigint ORDER BY k), array_agg((1 + (m + k) % 50)::bigint ORDER BY k)
      FROM generate_series(1, ?) AS i, generate_series(0, ? - 1) AS m, generate_series(0, ? - 1) AS k
      GROUP BY i, m
      """;

    private StorageFootprint() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 3 || args.length > 4 || args.length == 4 && !args[3].equals("repeating")) {
            System.err.println(
                    "usage: StorageFootprint JDBC_URL USER PASSWORD [repeating] (a fresh database the collector"
                            + " migrated; repeating: reports that repeat each other's stacks in the same order)");
            System.exit(2);
        }
        boolean repeating = args.length == 4;
        try (Connection db = DriverManager.getConnection(args[0], args[1], args[2])) {
            boolean timescale = exists(db, "SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'");
            boolean hypertable = timescale
                    && exists(
                            db,
                            "SELECT 1 FROM timescaledb_information.hypertables"
                                    + " WHERE hypertable_name = 'sample_block' AND hypertable_schema = current_schema()");
            if (exists(db, "SELECT 1 FROM sample_block WHERE group_id = -1")) {
                throw new IllegalStateException(
                        "sample_block already holds group -1: a broken earlier run; delete it first");
            }
            long before = blockBytes(db, hypertable);
            long insertStarted = System.nanoTime();
            int reports;
            try (PreparedStatement insert = db.prepareStatement(repeating ? INSERT_REPEATING : INSERT)) {
                if (repeating) {
                    insert.setInt(1, POPULATION);
                    insert.setInt(2, INSTANCES);
                    insert.setInt(3, MINUTES);
                    insert.setInt(4, STACKS_PER_REPORT);
                } else {
                    insert.setInt(1, INSTANCES);
                    insert.setInt(2, MINUTES);
                    insert.setInt(3, POPULATION);
                    insert.setInt(4, STACKS_PER_REPORT);
                }
                reports = insert.executeUpdate();
            }
            double insertSeconds = (System.nanoTime() - insertStarted) / 1e9;
            execute(db, "ANALYZE sample_block");
            long raw = blockBytes(db, hypertable) - before;
            System.out.printf(
                    Locale.ROOT,
                    "engine: %s%s; %d %s reports of %d stacks written in %.1f s%n",
                    timescale ? "TimescaleDB" : "PostgreSQL",
                    hypertable ? " (sample_block is a hypertable)" : "",
                    reports,
                    repeating ? "repeating" : "random-order",
                    STACKS_PER_REPORT,
                    insertSeconds);
            System.out.printf(
                    Locale.ROOT,
                    "raw: %,d bytes per 1,000 reports (%,.0f per report)%n",
                    raw * 1000 / reports,
                    (double) raw / reports);
            if (hypertable) {
                long compressStarted = System.nanoTime();
                execute(
                        db,
                        "SELECT compress_chunk(c, if_not_compressed => true) FROM show_chunks('sample_block',"
                                + " older_than => timestamptz '2020-01-02 00:00+00', newer_than => timestamptz '2020-01-01 00:00+00') c");
                double compressSeconds = (System.nanoTime() - compressStarted) / 1e9;
                long compressed = blockBytes(db, true) - before;
                System.out.printf(
                        Locale.ROOT,
                        "compressed: %,d bytes per 1,000 reports; ratio %.2fx; compressing took %.1f s%n",
                        compressed * 1000 / reports,
                        (double) raw / compressed,
                        compressSeconds);
            }
            long dropStarted = System.nanoTime();
            if (hypertable) {
                execute(
                        db,
                        "SELECT drop_chunks('sample_block', older_than => timestamptz '2020-01-02 00:00+00',"
                                + " newer_than => timestamptz '2020-01-01 00:00+00')");
            } else {
                execute(
                        db,
                        "DELETE FROM sample_block WHERE bucket >= timestamptz '2020-01-01 00:00+00'"
                                + " AND bucket < timestamptz '2020-01-02 00:00+00'");
            }
            System.out.printf(
                    Locale.ROOT,
                    "dropping the day (%s, %d reports): %.0f ms by %s%n",
                    DAY,
                    reports,
                    (System.nanoTime() - dropStarted) / 1e6,
                    hypertable ? "drop_chunks" : "DELETE");
            if (exists(db, "SELECT 1 FROM sample_block WHERE group_id = -1")) {
                throw new IllegalStateException("the drop left blocks of group -1 behind");
            }
        }
    }

    /** The blocks' bytes on disk: table, TOAST and indexes (every chunk, compressed or not, on a hypertable). */
    private static long blockBytes(Connection db, boolean hypertable) throws SQLException {
        String sql = hypertable
                ? "SELECT coalesce(hypertable_size('sample_block'), 0)"
                : "SELECT pg_total_relation_size('sample_block')";
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static boolean exists(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next();
        }
    }

    private static void execute(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute(sql);
        }
    }
}
