package dev.hotpath.collector.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/** Everything the collector stores and reads, over one PostgreSQL DataSource; the only door to SQL. */
public class Storage {

    private final InsertReport insertReport;
    private final GroupQueries groups;
    private final SelectMergedStacks mergedStacks;
    private final SelectTimeline timeline;
    private final SelectInstances instances;
    private final RollupSamples rollup;
    private final DeleteExpiredData retention;

    public Storage(DataSource dataSource) {
        DSLContext dsl = DSL.using(dataSource, SQLDialect.POSTGRES,
                new Settings().withExecuteLogging(false).withRenderSchema(false));
        this.insertReport = new InsertReport(dsl);
        this.groups = new GroupQueries(dsl);
        this.mergedStacks = new SelectMergedStacks(dsl);
        this.timeline = new SelectTimeline(dsl);
        this.instances = new SelectInstances(dsl);
        this.rollup = new RollupSamples(dsl);
        this.retention = new DeleteExpiredData(dsl);
    }

    /** Stores a report atomically; false when its id was stored before (then nothing changes). */
    public boolean storeReport(ReportRecord report) {
        return insertReport.execute(report);
    }

    /** Empty when the name is taken. */
    public Optional<Group> createGroup(String name, byte[] tokenHash) {
        return groups.insert(name, tokenHash);
    }

    public List<Group> groups() {
        return groups.list();
    }

    public Optional<Group> group(String name) {
        return groups.byName(name);
    }

    public Optional<Group> authenticate(String groupName, byte[] tokenHash) {
        return groups.authenticate(groupName, tokenHash);
    }

    public Optional<Group> updateSettings(String groupName, GroupSettings settings) {
        return groups.updateSettings(groupName, settings);
    }

    public boolean deleteGroup(String name) {
        return groups.delete(name);
    }

    public List<StackValue> mergedStacks(SampleFilter filter) {
        return mergedStacks.execute(filter);
    }

    public Timeline timeline(SampleFilter filter, Duration step) {
        return timeline.execute(filter, step);
    }

    public List<InstanceSummary> instances(long groupId, Instant from, Instant to) {
        return instances.execute(groupId, from, to);
    }

    /** Rolls raw samples older than the cutoff up into hours; -1 when another collector runs the job. */
    public int rollUp(Instant olderThan) {
        return rollup.execute(olderThan);
    }

    /** Deletes data older than the cutoff; -1 when another collector runs the job. */
    public int deleteExpired(Instant cutoff) {
        return retention.execute(cutoff);
    }
}
