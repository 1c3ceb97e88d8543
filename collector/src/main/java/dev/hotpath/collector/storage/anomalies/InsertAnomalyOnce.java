package dev.hotpath.collector.storage.anomalies;

import static dev.hotpath.collector.storage.Tables.CAUSE_KEY;
import static dev.hotpath.collector.storage.Tables.GROUP_ID;
import static dev.hotpath.collector.storage.Tables.LAST_SEEN;
import static dev.hotpath.collector.storage.anomalies.AnomalyTables.*;
import static org.jooq.impl.DSL.currentOffsetDateTime;
import static org.jooq.impl.DSL.greatest;
import static org.jooq.impl.DSL.val;

import dev.hotpath.collector.storage.write.InsertReport;
import org.jooq.DSLContext;

/**
 * Records an anomaly under its cause: inserts it when the cause is new, otherwise only moves its last sighting on.
 * The primary key decides which caller saw it first, so a cause is "new" exactly once.
 */
public final class InsertAnomalyOnce {

    private final DSLContext dsl;

    public InsertAnomalyOnce(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** True when this call inserted the cause. */
    public boolean execute(RecordedAnomaly a) {
        int inserted = dsl.insertInto(ANOMALY)
                .set(GROUP_ID, a.groupId())
                .set(CAUSE_KEY, a.causeKey())
                .set(SUBJECT, a.subject())
                .set(VIEW, a.view())
                .set(DIRECTION, a.direction())
                .set(VERSION, a.version())
                .set(SINCE, InsertReport.utc(a.since()))
                .set(LAST_SEEN, InsertReport.utc(a.lastSeen()))
                .set(EXPECTED, a.expected())
                .set(OBSERVED, a.observed())
                .set(SEVERITY, a.severity())
                .set(NOTIFY_STATE, a.notifyState().name())
                .onConflictDoNothing()
                .execute();
        if (inserted == 1) {
            return true;
        }
        dsl.update(ANOMALY)
                .set(LAST_SEEN, greatest(LAST_SEEN, val(InsertReport.utc(a.lastSeen()))))
                .set(OBSERVED, a.observed())
                .set(LAST_RECORDED, currentOffsetDateTime())
                .where(GROUP_ID.eq(a.groupId()))
                .and(CAUSE_KEY.eq(a.causeKey()))
                .execute();
        return false;
    }
}
