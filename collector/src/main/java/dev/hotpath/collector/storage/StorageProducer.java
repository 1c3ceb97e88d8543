package dev.hotpath.collector.storage;

import dev.hotpath.collector.config.CollectorConfig;
import dev.hotpath.collector.storage.jobs.RetentionLevels;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Locale;
import org.jboss.logging.Logger;

/** Makes {@link Storage} a bean over the datasource Quarkus configured (and Flyway migrated). */
final class StorageProducer {

    private static final Logger LOG = Logger.getLogger(StorageProducer.class);

    @Produces
    @Singleton
    Storage storage(AgroalDataSource dataSource, CollectorConfig config) {
        Storage storage = new Storage(
                dataSource,
                config.queries().timeout(),
                config.storage().engine(),
                new RetentionLevels(
                        config.retention(),
                        config.storage().hourlyRetention(),
                        config.storage().dailyRetention()));
        LOG.infof(
                "storage engine: %s (hotpath.storage.engine=%s)",
                storage.engine().name().toLowerCase(Locale.ROOT),
                config.storage().engine().name().toLowerCase(Locale.ROOT));
        return storage;
    }
}
