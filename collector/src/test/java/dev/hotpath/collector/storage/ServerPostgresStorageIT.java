package dev.hotpath.collector.storage;

import static org.assertj.core.api.Assertions.fail;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The storage contract against the machine's PostgreSQL server over TCP without TimescaleDB (the plain cluster
 * .ci/postgres.sh starts on port 5434). Fails, never skips, when the server is unreachable or the database has the
 * timescaledb extension.
 */
class ServerPostgresStorageIT extends PostgresStorageContract {

    @Override
    DataSource dataSource() {
        String url = env("HOTPATH_TEST_PG_URL", "jdbc:postgresql://localhost:5432/hotpath_test");
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        dataSource.setUser(env("HOTPATH_TEST_PG_USER", "hotpath"));
        dataSource.setPassword(env("HOTPATH_TEST_PG_PASSWORD", "hotpath"));
        try (Connection connection = dataSource.getConnection();
                var extension = connection
                        .createStatement()
                        .executeQuery("SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'")) {
            if (extension.next()) {
                return fail("database " + url + " has the timescaledb extension, but this suite tests plain"
                        + " PostgreSQL: point HOTPATH_TEST_PG_URL at a database without it (.ci/postgres.sh makes"
                        + " jdbc:postgresql://localhost:5434/hotpath_test); TimescaleStorageIT covers TimescaleDB");
            }
            return dataSource;
        } catch (SQLException e) {
            return fail("PostgreSQL server not reachable at " + url + " (" + e.getMessage()
                    + "): run .ci/postgres.sh as root first, or set HOTPATH_TEST_PG_URL/USER/PASSWORD");
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
