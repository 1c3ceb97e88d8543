package dev.hotpath.collector.config;

import io.quarkus.runtime.ExecutionMode;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Supplies the datasource settings of an embedded PostgreSQL when no JDBC URL is configured, starting the
 * server before Agroal and Flyway read their configuration.
 */
public final class EmbeddedDatabaseConfigFactory implements ConfigSourceFactory {

    private static final String JDBC_URL_KEY = "quarkus.datasource.jdbc.url";
    // Below application.properties (250) and the environment (300): any configured value wins.
    private static final int ORDINAL = 50;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        // Config is also built while the application is packaged and in plain test JVMs: start nothing there.
        ExecutionMode mode = ExecutionMode.current();
        if (mode != ExecutionMode.RUNTIME_INIT && mode != ExecutionMode.RUNNING) {
            return List.of();
        }
        ConfigValue url = context.getValue(JDBC_URL_KEY);
        if (url != null && url.getValue() != null && !url.getValue().isBlank()) {
            return List.of();
        }
        ConfigValue dir = context.getValue(CollectorConfig.DATA_DIR_KEY);
        Path dataDir = Path.of(dir != null && dir.getValue() != null ? dir.getValue() : "hotpath-data");
        EmbeddedDatabase database = EmbeddedDatabase.startOnce(
                dataDir,
                Durability.of(
                        loseRecentReportsOnCrash(context.getValue(CollectorConfig.EMBEDDED_LOSE_RECENT_REPORTS_KEY))));
        return List.of(new PropertiesConfigSource(
                Map.of(
                        JDBC_URL_KEY,
                        database.jdbcUrl(),
                        "quarkus.datasource.username",
                        EmbeddedDatabase.USER,
                        "quarkus.datasource.password",
                        database.password()),
                "hotpath-embedded-postgres",
                ORDINAL));
    }

    // Read before the config mapping validates it: a typo must not quietly mean the default.
    static boolean loseRecentReportsOnCrash(ConfigValue value) {
        if (value == null || value.getValue() == null || value.getValue().isBlank()) {
            return false;
        }
        String text = value.getValue().trim();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new IllegalArgumentException(
                CollectorConfig.EMBEDDED_LOSE_RECENT_REPORTS_KEY + " is '" + text + "': use true or false");
    }
}
