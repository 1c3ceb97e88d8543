package dev.hotpath.collector.storage.jobs;

import java.util.Optional;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/** A PostgreSQL transaction-level advisory lock per periodic job, so each run happens on one collector only. */
public final class JobLock {

    public static final long ROLLUP = 0x68_6f_74_70_61_74_68_01L;
    public static final long RETENTION = 0x68_6f_74_70_61_74_68_02L;
    public static final long ANOMALIES = 0x68_6f_74_70_61_74_68_03L;
    public static final long DICTIONARY_PRUNE = 0x68_6f_74_70_61_74_68_04L;

    private JobLock() {}

    /** Takes the lock until the current transaction ends; false when another session holds it. */
    static boolean tryAcquire(DSLContext tx, long job) {
        return Boolean.TRUE.equals(
                tx.select(DSL.field("pg_try_advisory_xact_lock({0})", SQLDataType.BOOLEAN, DSL.val(job)))
                        .fetchOne(0, Boolean.class));
    }

    /**
     * Runs {@code work} holding a session-level lock on one pooled connection, for jobs whose work spans many
     * statements and transactions; empty when another session holds it. The lock dies with its connection.
     */
    public static <T> Optional<T> runAlone(DSLContext dsl, long job, Supplier<T> work) {
        return dsl.connectionResult(connection -> {
            DSLContext session = DSL.using(connection, dsl.dialect(), dsl.settings());
            if (!Boolean.TRUE.equals(
                    session.select(DSL.field("pg_try_advisory_lock({0})", SQLDataType.BOOLEAN, DSL.val(job)))
                            .fetchOne(0, Boolean.class))) {
                return Optional.empty();
            }
            try {
                return Optional.of(work.get());
            } finally {
                try {
                    session.select(DSL.field("pg_advisory_unlock({0})", SQLDataType.BOOLEAN, DSL.val(job)))
                            .fetch();
                } catch (DataAccessException e) {
                    // The connection broke: the server dropped the session's lock with it.
                }
            }
        });
    }
}
