package dev.hotpath.collector.storage;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Makes {@link Storage} a bean over the datasource Quarkus configured (and Flyway migrated). */
final class StorageProducer {

    @Produces
    @Singleton
    Storage storage(AgroalDataSource dataSource) {
        return new Storage(dataSource);
    }
}
