package dev.hotpath.collector.storage;

import static org.assertj.core.api.Assertions.fail;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The storage contract against the machine's PostgreSQL server over TCP (started by .ci/postgres.sh). Fails,
 * never skips, when the server is unreachable.
 */
class ServerPostgresStorageIT extends PostgresStorageContract {

    @Override
    DataSource dataSource() {
        String url = env("HOTPATH_TEST_PG_URL", "jdbc:postgresql://localhost:5432/hotpath_test");
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        dataSource.setUser(env("HOTPATH_TEST_PG_USER", "hotpath"));
        dataSource.setPassword(env("HOTPATH_TEST_PG_PASSWORD", "hotpath"));
        try (Connection connection = dataSource.getConnection()) {
            connection.isValid(5);
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
