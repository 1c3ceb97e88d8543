package dev.hotpath.collector.storage;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.util.Locale;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;

/** The storage contract against the embedded PostgreSQL the collector starts by default. */
class EmbeddedPostgresStorageIT extends PostgresStorageContract {

    private EmbeddedPostgres postgres;

    @Override
    DataSource dataSource() throws Exception {
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(Files.createTempDirectory("hotpath-contract-pg"))
                .setCleanDataDirectory(true)
                // After a @QuarkusTest in this JVM the default resolver sees the binaries jar twice (two class
                // loaders) and refuses; the first copy is the right one.
                .setPgBinaryResolver((system, hardware) -> EmbeddedPostgres.class.getResourceAsStream(
                        "/postgres-" + system.toLowerCase(Locale.ROOT) + "-" + hardware + ".txz"))
                .start();
        return postgres.getPostgresDatabase();
    }

    @AfterAll
    void stop() throws Exception {
        postgres.close();
    }
}
