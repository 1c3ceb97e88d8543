package dev.hotpath.collector.storage.read;

import static dev.hotpath.collector.storage.Tables.*;

import dev.hotpath.collector.storage.write.InsertReport;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/** The instances of a group seen during [from, to), with the process CPU time their reports carried. */
public final class SelectInstances {

    private final DSLContext dsl;

    public SelectInstances(DSLContext dsl) {
        this.dsl = dsl;
    }

    public List<InstanceSummary> execute(long groupId, Instant from, Instant to) {
        Field<Long> processCpu = DSL.select(DSL.coalesce(DSL.sum(PROCESS_CPU_TIME_NANOS), DSL.inline(BigDecimal.ZERO))
                        .cast(SQLDataType.BIGINT))
                .from(REPORT)
                .where(col(REPORT, INSTANCE_ID).eq(col(INSTANCE, ID)))
                .asField("process_cpu");
        return dsl.select(INSTANCE.asterisk(), processCpu)
                .from(INSTANCE)
                .where(GROUP_ID.eq(groupId))
                .and(LAST_SEEN.ge(InsertReport.utc(from)))
                .and(FIRST_SEEN.lt(InsertReport.utc(to)))
                .orderBy(HOST, PID)
                .fetch(r -> new InstanceSummary(
                        r.get(ID),
                        r.get(HOST),
                        r.get(PID),
                        r.get(START_TIME).toInstant(),
                        r.get(JVM_VERSION),
                        r.get(JVM_VENDOR),
                        r.get(AGENT_VERSION),
                        r.get(APP_VERSION),
                        r.get(OS),
                        r.get(AVAILABLE_PROCESSORS),
                        r.get(ENGINE),
                        r.get(FIRST_SEEN).toInstant(),
                        r.get(LAST_SEEN).toInstant(),
                        r.get(AGENT_CPU_TIME_NANOS),
                        r.get(AGENT_BUFFERED_BYTES),
                        r.get(processCpu)));
    }
}
