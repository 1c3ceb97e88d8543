package dev.hotpath.collector.storage;

import static dev.hotpath.collector.storage.Tables.*;

import dev.hotpath.collector.storage.access.AgentToken;
import dev.hotpath.collector.storage.access.AgentTokenHash;
import dev.hotpath.collector.storage.access.AuditEvent;
import dev.hotpath.collector.storage.access.DeleteAgentToken;
import dev.hotpath.collector.storage.access.DeleteReadToken;
import dev.hotpath.collector.storage.access.InsertAgentToken;
import dev.hotpath.collector.storage.access.InsertAuditEvent;
import dev.hotpath.collector.storage.access.InsertReadToken;
import dev.hotpath.collector.storage.access.ReadToken;
import dev.hotpath.collector.storage.access.SelectAgentTokenHashes;
import dev.hotpath.collector.storage.access.SelectAgentTokens;
import dev.hotpath.collector.storage.access.SelectAuditEvents;
import dev.hotpath.collector.storage.access.SelectReadTokenHashes;
import dev.hotpath.collector.storage.access.SelectReadTokens;
import dev.hotpath.collector.storage.access.UpdateTokensLastUsed;
import dev.hotpath.collector.storage.anomalies.ClaimOrphanedDeliveries;
import dev.hotpath.collector.storage.anomalies.DeleteWebhook;
import dev.hotpath.collector.storage.anomalies.InsertAnomalyOnce;
import dev.hotpath.collector.storage.anomalies.OrphanedDelivery;
import dev.hotpath.collector.storage.anomalies.RecordedAnomaly;
import dev.hotpath.collector.storage.anomalies.SelectDismissedCauses;
import dev.hotpath.collector.storage.anomalies.SelectWebhook;
import dev.hotpath.collector.storage.anomalies.SelectWebhookDeliveries;
import dev.hotpath.collector.storage.anomalies.UpdateAnomalyDelivery;
import dev.hotpath.collector.storage.anomalies.UpsertAnomalyFeedback;
import dev.hotpath.collector.storage.anomalies.UpsertWebhook;
import dev.hotpath.collector.storage.anomalies.Webhook;
import dev.hotpath.collector.storage.anomalies.WebhookDelivery;
import dev.hotpath.collector.storage.jobs.JobLock;
import dev.hotpath.collector.storage.jobs.PruneDictionaries;
import dev.hotpath.collector.storage.jobs.RetentionLevels;
import dev.hotpath.collector.storage.read.Group;
import dev.hotpath.collector.storage.read.GroupQueries;
import dev.hotpath.collector.storage.read.GroupSettings;
import dev.hotpath.collector.storage.read.InstanceSummary;
import dev.hotpath.collector.storage.read.LabelBreakdown;
import dev.hotpath.collector.storage.read.SampleFilter;
import dev.hotpath.collector.storage.read.SelectHeapSnapshots;
import dev.hotpath.collector.storage.read.SelectInstances;
import dev.hotpath.collector.storage.read.SelectLabelBreakdown;
import dev.hotpath.collector.storage.read.SelectMergedStacks;
import dev.hotpath.collector.storage.read.SelectObservedCores;
import dev.hotpath.collector.storage.read.SelectTimeline;
import dev.hotpath.collector.storage.read.StoredHeapSnapshot;
import dev.hotpath.collector.storage.read.Timeline;
import dev.hotpath.collector.storage.write.InsertReport;
import dev.hotpath.collector.storage.write.ReportRecord;
import dev.hotpath.collector.storage.write.StackSample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/** Everything the collector stores and reads, over one PostgreSQL DataSource; the only door to SQL. */
public class Storage {

    private final InsertReport insertReport;
    private final GroupQueries groups;
    private final StorageDialect dialect;
    private final PruneDictionaries pruneDictionaries;
    private final UpsertAnomalyFeedback anomalyFeedback;
    private final SelectDismissedCauses dismissedCauses;
    private final InsertAgentToken insertAgentToken;
    private final SelectAgentTokens agentTokens;
    private final DeleteAgentToken deleteAgentToken;
    private final InsertReadToken insertReadToken;
    private final SelectReadTokens readTokens;
    private final SelectReadTokenHashes readTokenHashes;
    private final DeleteReadToken deleteReadToken;
    private final UpdateTokensLastUsed readTokensLastUsed;
    private final SelectAgentTokenHashes agentTokenHashes;
    private final UpdateTokensLastUsed agentTokensLastUsed;
    private final InsertAuditEvent insertAuditEvent;
    private final SelectAuditEvents auditEvents;
    private final InsertAnomalyOnce insertAnomaly;
    private final UpdateAnomalyDelivery anomalyDelivery;
    private final UpsertWebhook upsertWebhook;
    private final SelectWebhook selectWebhook;
    private final DeleteWebhook deleteWebhook;
    private final SelectWebhookDeliveries webhookDeliveries;
    private final ClaimOrphanedDeliveries orphanedDeliveries;
    private final DSLContext dsl;
    private final Duration queryTimeout;

    /** Storage whose reads for the query endpoints run without a timeout, on the engine the database offers. */
    public Storage(DataSource dataSource) {
        this(dataSource, Duration.ZERO, StorageEngine.AUTO, RetentionLevels.DEFAULT, System::nanoTime);
    }

    /**
     * {@code queryTimeout} bounds each statement of the reads behind the query endpoints (stacks, timeline,
     * instances, observed cores, heap); zero means none. Writes, rollup and retention never get it;
     * the anomaly job does, as it reads through the same methods.
     */
    public Storage(DataSource dataSource, Duration queryTimeout) {
        this(dataSource, queryTimeout, StorageEngine.AUTO, RetentionLevels.DEFAULT, System::nanoTime);
    }

    /**
     * Storage on the given engine ({@link StorageDialect#choose}: decided here, once; a database that gained
     * TimescaleDB is converted), with the retention of each level.
     */
    public Storage(DataSource dataSource, Duration queryTimeout, StorageEngine engine, RetentionLevels retention) {
        this(dataSource, queryTimeout, engine, retention, System::nanoTime);
    }

    /** {@code nanoTime}: the clock ingest trusts remembered dictionary ids by (tests move it). */
    Storage(DataSource dataSource, LongSupplier nanoTime) {
        this(dataSource, Duration.ZERO, StorageEngine.AUTO, RetentionLevels.DEFAULT, nanoTime);
    }

    private Storage(
            DataSource dataSource,
            Duration queryTimeout,
            StorageEngine engine,
            RetentionLevels retention,
            LongSupplier nanoTime) {
        this.queryTimeout = queryTimeout;
        DSLContext dsl = DSL.using(
                dataSource,
                SQLDialect.POSTGRES,
                new Settings().withExecuteLogging(false).withRenderSchema(false));
        this.insertReport = new InsertReport(dsl, nanoTime);
        this.groups = new GroupQueries(dsl);
        this.dialect = StorageDialect.choose(dsl, engine, retention);
        this.pruneDictionaries = new PruneDictionaries(dsl, dialect.stackReferences(), dialect.labelSetReferences());
        this.anomalyFeedback = new UpsertAnomalyFeedback(dsl);
        this.dismissedCauses = new SelectDismissedCauses(dsl);
        this.insertAgentToken = new InsertAgentToken(dsl);
        this.agentTokens = new SelectAgentTokens(dsl);
        this.deleteAgentToken = new DeleteAgentToken(dsl);
        this.insertReadToken = new InsertReadToken(dsl);
        this.readTokens = new SelectReadTokens(dsl);
        this.readTokenHashes = new SelectReadTokenHashes(dsl);
        this.deleteReadToken = new DeleteReadToken(dsl);
        this.readTokensLastUsed = new UpdateTokensLastUsed(dsl, READ_TOKEN);
        this.agentTokenHashes = new SelectAgentTokenHashes(dsl);
        this.agentTokensLastUsed = new UpdateTokensLastUsed(dsl, AGENT_TOKEN);
        this.insertAuditEvent = new InsertAuditEvent(dsl);
        this.auditEvents = new SelectAuditEvents(dsl);
        this.insertAnomaly = new InsertAnomalyOnce(dsl);
        this.anomalyDelivery = new UpdateAnomalyDelivery(dsl);
        this.upsertWebhook = new UpsertWebhook(dsl);
        this.selectWebhook = new SelectWebhook(dsl);
        this.deleteWebhook = new DeleteWebhook(dsl);
        this.webhookDeliveries = new SelectWebhookDeliveries(dsl);
        this.orphanedDeliveries = new ClaimOrphanedDeliveries(dsl);
        this.dsl = dsl;
    }

    /** The engine in use: POSTGRESQL or TIMESCALEDB. */
    public StorageEngine engine() {
        return dialect.engine();
    }

    /** Stores a report atomically; false when its id was stored before (then nothing changes). */
    public boolean storeReport(ReportRecord report) {
        return insertReport.execute(report);
    }

    /** The group with {@code tokenHash} as its first agent token; empty when the name is taken. */
    public Optional<Group> createGroup(String name, byte[] tokenHash) {
        return groups.insert(name, tokenHash);
    }

    public List<Group> groups() {
        return groups.list();
    }

    public Optional<Group> group(String name) {
        return groups.byName(name);
    }

    /** Every unrevoked agent token's hash with its group. */
    public List<AgentTokenHash> agentTokenHashes() {
        return agentTokenHashes.execute();
    }

    public void agentTokensLastUsed(Map<Long, Instant> lastUsed) {
        agentTokensLastUsed.execute(lastUsed);
    }

    /** Adds an agent token to the group (revoking its others when asked); empty when there is no such group. */
    public Optional<AgentToken> addAgentToken(String groupName, byte[] tokenHash, boolean revokeOthers) {
        return insertAgentToken.execute(groupName, tokenHash, revokeOthers);
    }

    /** The group's agent tokens; empty when there is no such group. */
    public Optional<List<AgentToken>> agentTokens(String groupName) {
        return agentTokens.execute(groupName);
    }

    /** False when the group has no agent token with that id. */
    public boolean revokeAgentToken(String groupName, long tokenId) {
        return deleteAgentToken.execute(groupName, tokenId);
    }

    public ReadToken createReadToken(String name, byte[] tokenHash) {
        return insertReadToken.execute(name, tokenHash);
    }

    public List<ReadToken> readTokens() {
        return readTokens.execute();
    }

    /** Id and hash of every read-only token. */
    public Map<Long, byte[]> readTokenHashes() {
        return readTokenHashes.execute();
    }

    /** False when there was no read-only token with that id. */
    public boolean revokeReadToken(long tokenId) {
        return deleteReadToken.execute(tokenId);
    }

    public void readTokensLastUsed(Map<Long, Instant> lastUsed) {
        readTokensLastUsed.execute(lastUsed);
    }

    public AuditEvent audit(String actor, String action, String groupName, String detail) {
        return insertAuditEvent.execute(actor, action, groupName, detail);
    }

    /** Newest first, at most {@code limit}. */
    public List<AuditEvent> auditEvents(Optional<String> groupName, Optional<Instant> since, int limit) {
        return auditEvents.execute(groupName, since, limit);
    }

    public Optional<Group> updateSettings(String groupName, GroupSettings settings) {
        return groups.updateSettings(groupName, settings);
    }

    public boolean deleteGroup(String name) {
        return groups.delete(name);
    }

    /** {@link QueryTimeoutException} when a statement runs over the query timeout. */
    public List<StackSample> mergedStacks(SampleFilter filter) {
        return bounded(tx -> new SelectMergedStacks(tx, dialect).execute(filter));
    }

    /**
     * The stacks of each window handed to {@code each} in order, all read in one transaction (one round of
     * BEGIN, SET LOCAL and COMMIT for up to thousands of windows); {@link QueryTimeoutException} when a statement
     * alone, or the windows together, run over the query timeout.
     */
    public void mergedStacksPerWindow(List<SampleFilter> windows, Consumer<List<StackSample>> each) {
        bounded(tx -> {
            SelectMergedStacks select = new SelectMergedStacks(tx, dialect);
            long started = System.nanoTime();
            for (SampleFilter window : windows) {
                if (!queryTimeout.isZero() && System.nanoTime() - started > queryTimeout.toNanos()) {
                    throw new QueryTimeoutException(queryTimeout, null);
                }
                each.accept(select.execute(window));
            }
            return null;
        });
    }

    /**
     * The filter's samples summed per value of label {@code key} (see {@link LabelBreakdown});
     * {@link QueryTimeoutException} when a statement runs over the query timeout.
     */
    public LabelBreakdown labelBreakdown(SampleFilter filter, String key) {
        return bounded(tx -> new SelectLabelBreakdown(tx, dialect).execute(filter, key));
    }

    /** What the filter's samples add up to (sample type units); {@link QueryTimeoutException} as the others. */
    public long sampledTotal(SampleFilter filter) {
        return labelBreakdown(filter, SelectLabelBreakdown.FOLDED_KEY).total();
    }

    /**
     * The filter's stacks per state and value of label {@code key}: each labelled with that key alone, or empty for
     * samples without it. {@link QueryTimeoutException} when a statement runs over the query timeout.
     */
    public List<StackSample> mergedStacksByLabel(SampleFilter filter, String key) {
        return bounded(tx -> new SelectMergedStacks(tx, dialect).execute(filter, key));
    }

    /** {@link QueryTimeoutException} when a statement runs over the query timeout. */
    public Timeline timeline(SampleFilter filter, Duration step) {
        return bounded(tx -> new SelectTimeline(tx, dialect).execute(filter, step));
    }

    /** Cores used over the filter's range from reported process CPU time; empty when no report carried it. */
    public Optional<Double> observedCores(SampleFilter filter) {
        return bounded(tx -> new SelectObservedCores(tx).execute(filter));
    }

    /** Heap summaries taken during [from, to), of one instance or all, oldest first. */
    public List<StoredHeapSnapshot> heapSnapshots(long groupId, Optional<Long> instanceId, Instant from, Instant to) {
        return bounded(tx -> new SelectHeapSnapshots(tx).execute(groupId, instanceId, from, to));
    }

    /** Records whether an anomaly cause was useful; the latest verdict wins. */
    public void anomalyFeedback(long groupId, String causeKey, boolean useful) {
        anomalyFeedback.execute(groupId, causeKey, useful);
    }

    /** Cause keys of anomalies the group's users judged not useful. */
    public Set<String> dismissedCauses(long groupId) {
        return dismissedCauses.execute(groupId);
    }

    /** Records an anomaly found by the periodic job; true when its cause was not recorded before. */
    public boolean recordAnomaly(RecordedAnomaly anomaly) {
        return insertAnomaly.execute(anomaly);
    }

    /** Records the state of a recorded anomaly's webhook delivery. */
    public void anomalyDelivery(
            long groupId, String causeKey, RecordedAnomaly.NotifyState state, int attempts, String lastError) {
        anomalyDelivery.execute(groupId, causeKey, state, attempts, lastError);
    }

    /** Runs the anomaly job's work unless another collector is running it; empty then. */
    public <T> Optional<T> runAnomalyJob(Supplier<T> work) {
        return JobLock.runAlone(dsl, JobLock.ANOMALIES, work);
    }

    public void setWebhook(long groupId, String url) {
        upsertWebhook.execute(groupId, url);
    }

    public Optional<Webhook> webhook(long groupId) {
        return selectWebhook.execute(groupId);
    }

    /** False when the group had no webhook. */
    public boolean deleteWebhook(long groupId) {
        return deleteWebhook.execute(groupId);
    }

    /**
     * Webhook deliveries still pending with no attempt for longer than {@code stale} (their collector stopped or
     * died), each marked taken so that no other collector takes it too.
     */
    public List<OrphanedDelivery> claimOrphanedDeliveries(Duration stale) {
        return orphanedDeliveries.execute(stale);
    }

    /** The group's latest webhook deliveries, newest first. */
    public List<WebhookDelivery> webhookDeliveries(long groupId, int limit) {
        return webhookDeliveries.execute(groupId, limit);
    }

    public List<InstanceSummary> instances(long groupId, Instant from, Instant to) {
        return bounded(tx -> new SelectInstances(tx).execute(groupId, from, to));
    }

    /**
     * Runs a read in its own transaction with {@code SET LOCAL statement_timeout}: PostgreSQL itself cancels a
     * statement over the limit (lock waits included), and the setting ends with the transaction, so the pooled
     * connection goes back to ingest without it. The statements of one read also see one snapshot.
     */
    private <T> T bounded(Function<DSLContext, T> read) {
        if (queryTimeout.isZero()) {
            return read.apply(dsl);
        }
        try {
            return dsl.transactionResult(cfg -> {
                DSLContext tx = cfg.dsl();
                tx.execute("select set_config('statement_timeout', ?, true)", queryTimeout.toMillis() + "ms");
                return read.apply(tx);
            });
        } catch (DataAccessException e) {
            // 57014 query_canceled: only statement_timeout cancels our reads (no one sends them a cancel request).
            if ("57014".equals(e.sqlState())) {
                throw new QueryTimeoutException(queryTimeout, e);
            }
            throw e;
        }
    }

    /**
     * Rolls raw samples older than the cutoff up into hours; -1 when another collector runs the job, 0 on TimescaleDB
     * (its continuous aggregates and their refresh policies do it).
     */
    public int rollUp(Instant olderThan) {
        return dialect.rollUp(olderThan);
    }

    /**
     * Sums the hours that ended before the cutoff over each group's instances, for flame graphs of whole groups,
     * and sums again hours that got late reports; -1 when another collector runs the job, 0 on TimescaleDB.
     */
    public int aggregateGroupHours(Instant completedBefore) {
        return dialect.aggregateGroupHours(completedBefore);
    }

    /**
     * Deletes data older than the cutoff (on TimescaleDB only instances: retention policies drop the chunks of
     * samples, reports and heap summaries); returns the rows deleted, -1 when another collector runs the job.
     */
    public int deleteExpired(Instant cutoff) {
        return dialect.deleteExpired(cutoff);
    }

    /**
     * Deletes frame and stack rows that no sample names and no ingest used for a day (after retention or a group's
     * deletion); safe while reports are stored. Returns the rows deleted, or -1 when another collector runs the job.
     */
    public int pruneDictionaries() {
        return pruneDictionaries.execute(PruneDictionaries.GRACE);
    }

    /** {@link #pruneDictionaries()} with another grace, for tests that age rows instead of waiting a day. */
    int pruneDictionaries(Duration grace) {
        return pruneDictionaries.execute(grace);
    }
}
