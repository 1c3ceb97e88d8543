package dev.hotpath.collector.storage;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/** A PostgreSQL transaction-level advisory lock per periodic job, so each run happens on one collector only. */
final class JobLock {

    static final long ROLLUP = 0x68_6f_74_70_61_74_68_01L;
    static final long RETENTION = 0x68_6f_74_70_61_74_68_02L;

    private JobLock() {
    }

    /** Takes the lock until the current transaction ends; false when another session holds it. */
    static boolean tryAcquire(DSLContext tx, long job) {
        return Boolean.TRUE.equals(tx.select(DSL.field("pg_try_advisory_xact_lock({0})", SQLDataType.BOOLEAN,
                DSL.val(job))).fetchOne(0, Boolean.class));
    }
}
