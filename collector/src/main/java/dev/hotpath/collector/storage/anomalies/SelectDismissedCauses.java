package dev.hotpath.collector.storage.anomalies;

import static dev.hotpath.collector.storage.Tables.*;

import java.util.Set;
import org.jooq.DSLContext;

/** The anomaly causes a group's users judged not useful. */
public final class SelectDismissedCauses {

    private final DSLContext dsl;

    public SelectDismissedCauses(DSLContext dsl) {
        this.dsl = dsl;
    }

    public Set<String> execute(long groupId) {
        return dsl.select(CAUSE_KEY)
                .from(ANOMALY_FEEDBACK)
                .where(GROUP_ID.eq(groupId))
                .and(USEFUL.isFalse())
                .fetchSet(CAUSE_KEY);
    }
}
