package dev.hotpath.collector.storage;

import dev.hotpath.collector.config.CollectorConfig;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Makes {@link Storage} a bean over the datasource Quarkus configured (and Flyway migrated). */
final class StorageProducer {

    @Produces
    @Singleton
    Storage storage(AgroalDataSource dataSource, CollectorConfig config) {
        return new Storage(dataSource, config.queries().timeout());
    }
}
