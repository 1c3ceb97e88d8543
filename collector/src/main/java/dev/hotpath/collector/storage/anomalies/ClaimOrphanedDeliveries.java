package dev.hotpath.collector.storage.anomalies;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.jooq.DSLContext;

/**
 * Takes over webhook deliveries left pending by a collector that stopped or died before they ended: those whose last
 * attempt (or recording) is older than {@code stale}, which no live collector lets happen. One statement marks and
 * returns them, so when two collectors look at once each delivery goes to one of them.
 */
public final class ClaimOrphanedDeliveries {

    private final DSLContext dsl;

    public ClaimOrphanedDeliveries(DSLContext dsl) {
        this.dsl = dsl;
    }

    public List<OrphanedDelivery> execute(Duration stale) {
        return dsl.resultQuery("""
                UPDATE anomaly a SET notified_at = now()
                FROM profiling_group g
                WHERE g.id = a.group_id AND a.notify_state = 'PENDING'
                  AND coalesce(a.notified_at, a.first_recorded) < now() - make_interval(secs => {0})
                RETURNING a.group_id, g.name, a.cause_key, a.subject, a.view, a.direction, a.version, a.since,
                          a.last_seen, a.expected, a.observed, a.severity, a.attempts""", stale.toMillis() / 1000.0)
                .fetch(r -> new OrphanedDelivery(
                        r.get("name", String.class),
                        r.get("attempts", Integer.class),
                        new RecordedAnomaly(
                                r.get("group_id", Long.class),
                                r.get("cause_key", String.class),
                                r.get("subject", String.class),
                                r.get("view", String.class),
                                r.get("direction", String.class),
                                r.get("version", String.class),
                                r.get("since", OffsetDateTime.class).toInstant(),
                                r.get("last_seen", OffsetDateTime.class).toInstant(),
                                r.get("expected", Double.class),
                                r.get("observed", Double.class),
                                r.get("severity", String.class),
                                RecordedAnomaly.NotifyState.PENDING)));
    }
}
