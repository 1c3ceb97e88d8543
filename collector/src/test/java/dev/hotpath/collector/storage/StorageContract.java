package dev.hotpath.collector.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hotpath.collector.storage.access.AgentToken;
import dev.hotpath.collector.storage.access.AgentTokenHash;
import dev.hotpath.collector.storage.access.AuditEvent;
import dev.hotpath.collector.storage.access.ReadToken;
import dev.hotpath.collector.storage.read.Group;
import dev.hotpath.collector.storage.read.GroupSettings;
import dev.hotpath.collector.storage.read.InstanceSummary;
import dev.hotpath.collector.storage.read.LabelBreakdown;
import dev.hotpath.collector.storage.read.SampleFilter;
import dev.hotpath.collector.storage.read.Timeline;
import dev.hotpath.collector.storage.write.DictionaryIds;
import dev.hotpath.collector.storage.write.InsertReport;
import dev.hotpath.collector.storage.write.InstanceInfo;
import dev.hotpath.collector.storage.write.LabelSet;
import dev.hotpath.collector.storage.write.ReportRecord;
import dev.hotpath.collector.storage.write.StackSample;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The storage contract: every PostgreSQL backend configuration passes these same tests. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StorageContract {

    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));

    DataSource dataSource;
    Storage storage;
    Group group;

    /** The database under test; called once per class. */
    abstract DataSource dataSource() throws Exception;

    /** What the engine's maintenance does by a time: every sample before it rolled up into hours and days. */
    abstract void rollUpBefore(Instant end) throws SQLException;

    /** What the engine's retention does: samples, reports and instances before the cutoff gone. */
    abstract void expire(Instant cutoff) throws SQLException;

    @BeforeAll
    void migrate() throws Exception {
        dataSource = dataSource();
        Flyway flyway =
                Flyway.configure().dataSource(dataSource).cleanDisabled(false).load();
        flyway.clean();
        flyway.migrate();
        storage = new Storage(dataSource);
    }

    @BeforeEach
    void newGroup() {
        group = storage.createGroup("g-" + UUID.randomUUID(), hash("secret")).orElseThrow();
    }

    @Test
    void storeReport_newId_storesAndMergesStacks() {
        assertThat(storage.storeReport(report(
                        "r1",
                        instance("a", 1),
                        T0,
                        sample("cpu", "RUNNABLE", 30, "main", "work", "hot"),
                        sample("cpu", "RUNNABLE", 10, "main", "work", "cold"),
                        sample("cpu", "RUNNABLE", 5, "main", "work", "hot"))))
                .isTrue();

        assertThat(folded(cpu(T0, T0.plus(Duration.ofMinutes(1)))))
                .containsOnly(Map.entry("main;work;hot", 35L), Map.entry("main;work;cold", 10L));
    }

    @Test
    void storeReport_sameIdTwice_secondIsDuplicateAndStoredOnce() {
        ReportRecord report = report("same", instance("a", 1), T0, sample("cpu", "RUNNABLE", 7, "main", "x"));

        assertThat(storage.storeReport(report)).isTrue();
        assertThat(storage.storeReport(report)).isFalse();

        assertThat(folded(cpu(T0, T0.plus(Duration.ofMinutes(1))))).containsOnly(Map.entry("main;x", 7L));
    }

    @Test
    void storeReport_sameIdConcurrently_storedOnce() throws Exception {
        ReportRecord report = report("race", instance("a", 1), T0, sample("cpu", "RUNNABLE", 3, "main", "y"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Boolean>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(() -> storage.storeReport(report));
            }
            List<Boolean> stored = new ArrayList<>();
            for (Future<Boolean> f : pool.invokeAll(calls)) {
                stored.add(f.get());
            }
            assertThat(stored).containsOnlyOnce(true);
        } finally {
            pool.shutdownNow();
        }
        assertThat(folded(cpu(T0, T0.plus(Duration.ofMinutes(1))))).containsOnly(Map.entry("main;y", 3L));
    }

    @Test
    void storeReport_sharedFrames_storedOnceInDictionaries() throws SQLException {
        String leaf = "unique.Leaf-" + UUID.randomUUID();
        storage.storeReport(report("d1", instance("a", 1), T0, sample("cpu", "RUNNABLE", 1, "main", leaf)));
        storage.storeReport(report("d2", instance("b", 2), T0, sample("cpu", "RUNNABLE", 1, "main", leaf)));

        assertThat(count("SELECT count(*) FROM frame WHERE name = '" + leaf + "'"))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM stack s JOIN frame f ON f.id = s.frame_ids[2] WHERE f.name = '" + leaf
                        + "'"))
                .isEqualTo(1);
    }

    @Test
    void storeReport_nonAsciiStateAndFrames_readBackAsSentInTheirMinute() {
        String state = "WAITING-\u00fc\u2713";
        storage.storeReport(report(
                "u1",
                instance("a", 1),
                T0.plus(Duration.ofMinutes(2)),
                sample("cpu", state, 4, "main", "\u00fcn\u00efcode.Frame")));

        assertThat(folded(new SampleFilter(
                        group.id(),
                        "cpu",
                        Set.of(state),
                        Optional.empty(),
                        T0.plus(Duration.ofMinutes(2)),
                        T0.plus(Duration.ofMinutes(3)))))
                .containsOnly(Map.entry("main;\u00fcn\u00efcode.Frame", 4L));
        assertThat(folded(cpu(T0, T0.plus(Duration.ofMinutes(2))))).isEmpty();
    }

    @Test
    void storeReport_severalTypesAndStates_oneBlockPerTypeAndStateWithItsSummedStacks() throws SQLException {
        storage.storeReport(report(
                "blocks",
                instance("a", 1),
                T0,
                sample("cpu", "RUNNABLE", 30, "main", "hot"),
                sample("cpu", "RUNNABLE", 10, "main", "cold"),
                sample("cpu", "RUNNABLE", 5, "main", "hot"),
                sample("wall", "RUNNABLE", 7, "main", "hot"),
                sample("wall", "WAITING", 20, "main", "park")));

        assertThat(strings("SELECT sample_type || ' ' || thread_state || ' ' || cardinality(stack_ids) || ' '"
                        + " || (SELECT sum(v) FROM unnest(stack_values) v) || ' ' || (SELECT sum(n) FROM unnest(stack_samples) n)"
                        + " FROM sample_block WHERE group_id = " + group.id()))
                .containsExactlyInAnyOrder("cpu RUNNABLE 2 45 45", "wall RUNNABLE 1 7 7", "wall WAITING 1 20 20");
        assertThat(folded(new SampleFilter(
                        group.id(), "wall", Set.of(), Optional.empty(), T0, T0.plus(Duration.ofMinutes(1)))))
                .containsOnly(Map.entry("main;hot", 7L), Map.entry("main;park", 20L));
    }

    @Test
    void migrationV7_rowsPerStack_becomeOneBlockPerReportMinuteTypeAndStateWithTheSameSums() throws SQLException {
        String schema = "v7_" + UUID.randomUUID().toString().replace("-", "");
        Flyway.configure()
                .dataSource(dataSource)
                .schemas(schema)
                .target("6")
                .load()
                .migrate();
        try {
            execute("INSERT INTO " + schema + ".sample (group_id, instance_id, bucket, sample_type, thread_state,"
                    + " stack_id, value, samples) VALUES"
                    + " (1, 1, '2026-01-01T10:00Z', 'cpu', 'RUNNABLE', 11, 30, 3),"
                    + " (1, 1, '2026-01-01T10:00Z', 'cpu', 'RUNNABLE', 12, 10, 1),"
                    + " (1, 1, '2026-01-01T10:00Z', 'cpu', 'WAITING', 11, 4, 4),"
                    + " (1, 1, '2026-01-01T10:01Z', 'cpu', 'RUNNABLE', 11, 6, 6),"
                    + " (1, 2, '2026-01-01T10:00Z', 'cpu', 'RUNNABLE', 11, 1, 1)");

            Flyway.configure().dataSource(dataSource).schemas(schema).load().migrate();

            assertThat(strings("SELECT instance_id || ' ' || to_char(bucket AT TIME ZONE 'UTC', 'HH24:MI') || ' '"
                            + " || thread_state || ' ' || stack_ids::text || ' ' || stack_values::text || ' '"
                            + " || stack_samples::text FROM " + schema + ".sample_block"))
                    .containsExactlyInAnyOrder(
                            "1 10:00 RUNNABLE {11,12} {30,10} {3,1}",
                            "1 10:00 WAITING {11} {4} {4}",
                            "1 10:01 RUNNABLE {11} {6} {6}",
                            "2 10:00 RUNNABLE {11} {1} {1}");
            assertThat(count("SELECT count(*) FROM information_schema.tables WHERE table_schema = '" + schema
                            + "' AND table_name = 'sample'"))
                    .isZero();
        } finally {
            execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Test
    void mergedStacks_threadStateAndInstanceFilters_selectOnlyMatchingSamples() {
        storage.storeReport(report(
                "f1",
                instance("a", 1),
                T0,
                sample("wall", "RUNNABLE", 10, "main", "run"),
                sample("wall", "WAITING", 20, "main", "park")));
        storage.storeReport(report("f2", instance("b", 2), T0, sample("wall", "RUNNABLE", 100, "main", "run")));
        long instanceA = storage.instances(group.id(), T0, T0.plus(Duration.ofMinutes(1))).stream()
                .filter(i -> i.host().equals("a"))
                .findFirst()
                .orElseThrow()
                .id();

        assertThat(folded(new SampleFilter(
                        group.id(), "wall", Set.of("RUNNABLE"), Optional.empty(), T0, T0.plus(Duration.ofMinutes(1)))))
                .containsOnly(Map.entry("main;run", 110L));
        assertThat(folded(new SampleFilter(
                        group.id(), "wall", Set.of(), Optional.of(instanceA), T0, T0.plus(Duration.ofMinutes(1)))))
                .containsOnly(Map.entry("main;run", 10L), Map.entry("main;park", 20L));
    }

    @Test
    void mergedStacksAndTimeline_versionFilter_onlyInstancesRunningThoseVersions() {
        storage.storeReport(report("v1", instance("a", 1, "1.0"), T0, sample("cpu", "RUNNABLE", 10, "main", "old")));
        storage.storeReport(report("v2", instance("b", 2, "2.0"), T0, sample("cpu", "RUNNABLE", 20, "main", "new")));
        storage.storeReport(report("v3", instance("c", 3, "3.0"), T0, sample("cpu", "RUNNABLE", 40, "main", "newer")));
        Instant to = T0.plus(Duration.ofMinutes(1));

        assertThat(folded(versions(to, "2.0"))).containsOnly(Map.entry("main;new", 20L));
        assertThat(folded(versions(to, "1.0", "3.0")))
                .containsOnly(Map.entry("main;old", 10L), Map.entry("main;newer", 40L));
        assertThat(folded(versions(to, "9.9"))).isEmpty();
        Timeline timeline = storage.timeline(versions(to, "2.0"), Duration.ofMinutes(1));
        assertThat(timeline.points()).extracting(Timeline.Point::value).containsExactly(20L);
        assertThat(timeline.instances()).extracting(Timeline.InstanceCpu::host).containsExactly("b");
    }

    @Test
    void instances_twoReports_processCpuSummedOverReports() {
        storage.storeReport(report("p1", instance("a", 1), T0, sample("cpu", "RUNNABLE", 1, "main")));
        storage.storeReport(
                report("p2", instance("a", 1), T0.plus(Duration.ofMinutes(1)), sample("cpu", "RUNNABLE", 1, "main")));

        assertThat(storage.instances(group.id(), T0, T0.plus(Duration.ofMinutes(2))))
                .extracting(InstanceSummary::processCpuTimeNanos)
                .containsExactly(60_000_000_000L);
    }

    @Test
    void mergedStacks_sameStackInTwoStates_oneValuePerState() {
        storage.storeReport(report(
                "st1",
                instance("a", 1),
                T0,
                sample("wall", "RUNNABLE", 2, "main", "io"),
                sample("wall", "NATIVE", 3, "main", "io")));

        assertThat(storage.mergedStacks(new SampleFilter(
                        group.id(), "wall", Set.of(), Optional.empty(), T0, T0.plus(Duration.ofMinutes(1)))))
                .extracting(StackSample::threadState, StackSample::value)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("RUNNABLE", 2L),
                        org.assertj.core.groups.Tuple.tuple("NATIVE", 3L));
    }

    @Test
    void mergedStacks_rangeBeforeOrAfterData_isEmpty() {
        storage.storeReport(report("t1", instance("a", 1), T0, sample("cpu", "RUNNABLE", 1, "main")));

        assertThat(storage.mergedStacks(cpu(T0.minus(Duration.ofHours(1)), T0))).isEmpty();
        assertThat(storage.mergedStacks(cpu(T0.plus(Duration.ofMinutes(1)), T0.plus(Duration.ofHours(1)))))
                .isEmpty();
        assertThat(storage.mergedStacks(new SampleFilter(
                        group.id(), "alloc", Set.of(), Optional.empty(), T0, T0.plus(Duration.ofMinutes(1)))))
                .isEmpty();
    }

    @Test
    void createGroup_takenName_isRefused() {
        assertThat(storage.createGroup(group.name(), hash("other"))).isEmpty();
    }

    @Test
    void authenticate_rightAndWrongToken_onlyRightOneMatches() {
        assertThat(authenticate(group.name(), hash("secret"))).contains(group.id());
        assertThat(authenticate(group.name(), hash("wrong"))).isEmpty();
        assertThat(authenticate("no-such-group", hash("secret"))).isEmpty();
    }

    @Test
    void addAgentToken_overlap_bothValidUntilOldIsRevoked() {
        AgentToken fresh =
                storage.addAgentToken(group.name(), hash("fresh"), false).orElseThrow();
        List<AgentToken> tokens = storage.agentTokens(group.name()).orElseThrow();

        assertThat(tokens).extracting(AgentToken::id).hasSize(2).contains(fresh.id());
        assertThat(authenticate(group.name(), hash("secret"))).isPresent();
        assertThat(authenticate(group.name(), hash("fresh"))).isPresent();

        long old = tokens.stream()
                .filter(t -> t.id() != fresh.id())
                .findFirst()
                .orElseThrow()
                .id();
        assertThat(storage.revokeAgentToken(group.name(), old)).isTrue();

        assertThat(authenticate(group.name(), hash("secret"))).isEmpty();
        assertThat(authenticate(group.name(), hash("fresh"))).isPresent();
        assertThat(storage.revokeAgentToken(group.name(), old)).isFalse();
    }

    @Test
    void addAgentToken_revokeOthers_onlyNewTokenValid() {
        storage.addAgentToken(group.name(), hash("fresh"), true).orElseThrow();

        assertThat(authenticate(group.name(), hash("secret"))).isEmpty();
        assertThat(authenticate(group.name(), hash("fresh"))).isPresent();
        assertThat(storage.agentTokens(group.name()).orElseThrow()).hasSize(1);
    }

    @Test
    void agentTokens_noSuchGroupOrOtherGroupsToken_emptyOrRefused() {
        Group other =
                storage.createGroup("g-" + UUID.randomUUID(), hash("other")).orElseThrow();
        long othersToken =
                storage.agentTokens(other.name()).orElseThrow().get(0).id();

        assertThat(storage.agentTokens("no-such-group")).isEmpty();
        assertThat(storage.addAgentToken("no-such-group", hash("x"), false)).isEmpty();
        assertThat(storage.revokeAgentToken(group.name(), othersToken)).isFalse();
        assertThat(authenticate(group.name(), hash("other"))).isEmpty();
    }

    @Test
    void agentTokensLastUsed_written_listedWithTheToken() {
        AgentToken token = storage.agentTokens(group.name()).orElseThrow().get(0);
        assertThat(token.lastUsedAt()).isNull();
        Instant used = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        storage.agentTokensLastUsed(Map.of(token.id(), used));

        assertThat(storage.agentTokens(group.name()).orElseThrow().get(0).lastUsedAt())
                .isEqualTo(used);
    }

    /** The group an unrevoked agent token opens, found as the collector's token cache finds it. */
    Optional<Long> authenticate(String groupName, byte[] tokenHash) {
        return storage.agentTokenHashes().stream()
                .filter(t -> t.groupName().equals(groupName) && Arrays.equals(t.hash(), tokenHash))
                .map(AgentTokenHash::groupId)
                .findFirst();
    }

    @Test
    void readTokens_createUseRevoke_hashesAndLastUseFollow() {
        ReadToken created = storage.createReadToken("dashboards", hash("reader"));
        Instant used = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        storage.readTokensLastUsed(Map.of(created.id(), used));

        assertThat(storage.readTokenHashes()).containsKey(created.id());
        assertThat(storage.readTokenHashes().get(created.id())).isEqualTo(hash("reader"));
        assertThat(storage.readTokens())
                .filteredOn(t -> t.id() == created.id())
                .singleElement()
                .satisfies(t -> assertThat(t.lastUsedAt()).isEqualTo(used));
        assertThat(storage.revokeReadToken(created.id())).isTrue();
        assertThat(storage.readTokenHashes()).doesNotContainKey(created.id());
        assertThat(storage.revokeReadToken(created.id())).isFalse();
    }

    @Test
    void auditEvents_byGroupAndSince_newestFirst() {
        Instant before = Instant.now().minusSeconds(1);
        storage.audit("admin", "group.created", group.name(), "first");
        storage.audit("admin", "settings.changed", group.name(), "second");
        storage.audit("admin", "read-token.created", null, "elsewhere");

        assertThat(storage.auditEvents(Optional.of(group.name()), Optional.of(before), 10))
                .extracting(AuditEvent::detail)
                .containsExactly("second", "first");
        assertThat(storage.auditEvents(
                        Optional.of(group.name()), Optional.of(Instant.now().plusSeconds(60)), 10))
                .isEmpty();
        assertThat(storage.auditEvents(Optional.empty(), Optional.empty(), 1)).hasSize(1);
    }

    @Test
    void migrateToV5_groupCreatedBefore_itsTokenStillAuthenticates() throws SQLException {
        Flyway.configure().dataSource(dataSource).cleanDisabled(false).load().clean();
        Flyway.configure().dataSource(dataSource).target("3").load().migrate();
        try (Connection c = dataSource.getConnection();
                java.sql.PreparedStatement insert =
                        c.prepareStatement("INSERT INTO profiling_group (name, token_hash) VALUES ('legacy', ?)")) {
            insert.setBytes(1, hash("legacy-token"));
            insert.executeUpdate();
        }

        Flyway.configure().dataSource(dataSource).load().migrate();
        // A collector starting on the migrated database: the old instance remembers dictionary rows clean() dropped.
        storage = new Storage(dataSource);

        assertThat(authenticate("legacy", hash("legacy-token"))).isPresent();
        assertThat(authenticate("legacy", hash("wrong"))).isEmpty();
        assertThat(storage.agentTokens("legacy").orElseThrow()).hasSize(1);
    }

    @Test
    void updateSettings_values_readBack() {
        GroupSettings settings = new GroupSettings(false, 20L, 60_000L, 30_000L, 256, 5, List.of("cpu", "wall"), true);

        assertThat(storage.updateSettings(group.name(), settings))
                .map(Group::settings)
                .contains(settings);
        assertThat(storage.group(group.name())).map(Group::settings).contains(settings);
        assertThat(storage.updateSettings("no-such-group", settings)).isEmpty();
    }

    @Test
    void deleteGroup_withData_removesGroupAndSamples() throws SQLException {
        storage.storeReport(report("del", instance("a", 1), T0, sample("cpu", "RUNNABLE", 1, "main")));

        assertThat(storage.deleteGroup(group.name())).isTrue();

        assertThat(storage.group(group.name())).isEmpty();
        assertThat(count("SELECT count(*) FROM sample_block WHERE group_id = " + group.id()))
                .isZero();
        assertThat(count("SELECT count(*) FROM report WHERE group_id = " + group.id()))
                .isZero();
        assertThat(storage.deleteGroup(group.name())).isFalse();
    }

    @Test
    void instances_twoReportsOfOneJvm_oneInstanceLastSeenAtLatestWindowEnd() {
        storage.storeReport(report("i1", instance("a", 1), T0, sample("cpu", "RUNNABLE", 1, "main")));
        storage.storeReport(
                report("i2", instance("a", 1), T0.plus(Duration.ofMinutes(1)), sample("cpu", "RUNNABLE", 1, "main")));

        List<InstanceSummary> seen = storage.instances(group.id(), T0, T0.plus(Duration.ofHours(1)));

        assertThat(seen).singleElement().satisfies(i -> {
            assertThat(i.host()).isEqualTo("a");
            assertThat(i.firstSeen()).isEqualTo(T0);
            assertThat(i.lastSeen()).isEqualTo(T0.plus(Duration.ofMinutes(2)));
            assertThat(i.agentCpuTimeNanos()).isEqualTo(2_000_000L);
        });
        assertThat(storage.instances(group.id(), T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(2))))
                .isEmpty();
    }

    @Test
    void timeline_reportsInTwoSteps_sumsPerStepAndCpuPerInstance() {
        storage.storeReport(report("tl1", instance("a", 1), T0, sample("cpu", "RUNNABLE", 4, "main")));
        storage.storeReport(
                report("tl2", instance("a", 1), T0.plus(Duration.ofMinutes(1)), sample("cpu", "RUNNABLE", 6, "main")));
        storage.storeReport(
                report("tl3", instance("a", 1), T0.plus(Duration.ofMinutes(5)), sample("cpu", "RUNNABLE", 1, "main")));

        Timeline timeline = storage.timeline(cpu(T0, T0.plus(Duration.ofMinutes(10))), Duration.ofMinutes(5));

        assertThat(timeline.points())
                .extracting(Timeline.Point::start, Timeline.Point::value)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(T0, 10L),
                        org.assertj.core.groups.Tuple.tuple(T0.plus(Duration.ofMinutes(5)), 1L));
        // Each report says the process used 30 s of CPU in a 60 s window: half a core.
        assertThat(timeline.instances())
                .singleElement()
                .satisfies(i -> assertThat(i.points())
                        .extracting(Timeline.CpuPoint::cores)
                        .containsExactly(0.5, 0.5));
    }

    @Test
    void deleteExpired_cutoffBetweenReports_keepsOnlyNewer() throws SQLException {
        storage.storeReport(report(
                "old", instance("a", 1), T0.minus(Duration.ofDays(40)), sample("cpu", "RUNNABLE", 1, "main", "old")));
        storage.storeReport(report("new", instance("b", 2), T0, sample("cpu", "RUNNABLE", 1, "main", "new")));

        expire(T0.minus(Duration.ofDays(30)));

        assertThat(folded(cpu(T0.minus(Duration.ofDays(41)), T0.plus(Duration.ofMinutes(1)))))
                .containsOnly(Map.entry("main;new", 1L));
        assertThat(storage.instances(group.id(), T0.minus(Duration.ofDays(41)), T0.plus(Duration.ofMinutes(1))))
                .extracting(InstanceSummary::host)
                .containsExactly("b");
    }

    @Test
    void pruneDictionaries_afterRetention_removesOnlyRowsNoSampleNamesThatWentUnusedForADay() throws SQLException {
        String tag = "prune-" + UUID.randomUUID();
        storage.storeReport(report(
                "p-old",
                instance("a", 1),
                T0.minus(Duration.ofDays(40)),
                sample("cpu", "RUNNABLE", 1, "main", tag + ".Old", tag + ".OldLeaf")));
        storage.storeReport(report(
                "p-new", instance("a", 1), T0, sample("cpu", "RUNNABLE", 1, "main", tag + ".Old", tag + ".Kept")));
        expire(T0.minus(Duration.ofDays(30)));
        assertThat(storage.pruneDictionaries()).isNotNegative();
        // Unused for less than a day: kept although no sample names the old stack any more.
        assertThat(count(framesNamed(tag))).isEqualTo(3);

        usedDaysAgo(tag, 2);
        assertThat(storage.pruneDictionaries()).isPositive();

        assertThat(strings("SELECT name FROM frame WHERE name LIKE '" + tag + "%'"))
                .containsExactlyInAnyOrder(tag + ".Old", tag + ".Kept");
        assertThat(count(stacksThrough(tag + ".OldLeaf"))).isZero();
        assertThat(count(stacksThrough(tag + ".Kept"))).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM frame WHERE name = 'main'")).isEqualTo(1);
        assertThat(folded(cpu(T0, T0.plus(Duration.ofMinutes(1)))))
                .containsOnly(Map.entry("main;" + tag + ".Old;" + tag + ".Kept", 1L));
    }

    @Test
    void pruneDictionaries_afterGroupDeletion_removesItsRowsAndKeepsThoseOfOtherGroups() throws SQLException {
        String tag = "prune-" + UUID.randomUUID();
        storage.storeReport(report(
                "g-1",
                instance("a", 1),
                T0,
                sample("cpu", "RUNNABLE", 1, "main", tag + ".Shared"),
                sample("cpu", "RUNNABLE", 1, "main", tag + ".Only")));
        Group other =
                storage.createGroup("g-" + UUID.randomUUID(), hash("other")).orElseThrow();
        storage.storeReport(new ReportRecord(
                other.id(),
                "g-2",
                instance("b", 2),
                T0,
                T0.plus(Duration.ofMinutes(1)),
                "ASYNC_PROFILER_ITIMER",
                "INTERVAL",
                List.of("cpu"),
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                List.of(sample("cpu", "RUNNABLE", 5, "main", tag + ".Shared")),
                java.util.Optional.empty()));
        assertThat(storage.deleteGroup(group.name())).isTrue();

        usedDaysAgo(tag, 2);
        assertThat(storage.pruneDictionaries()).isPositive();

        assertThat(strings("SELECT name FROM frame WHERE name LIKE '" + tag + "%'"))
                .containsExactly(tag + ".Shared");
        assertThat(count(stacksThrough(tag + ".Shared"))).isEqualTo(1);
        assertThat(folded(new SampleFilter(
                        other.id(), "cpu", Set.of(), Optional.empty(), T0, T0.plus(Duration.ofMinutes(1)))))
                .containsOnly(Map.entry("main;" + tag + ".Shared", 5L));
    }

    @Test
    void pruneDictionaries_ingestReusingRememberedStackOfDeletedGroup_stackSurvivesAndSamplesResolve()
            throws SQLException {
        AtomicLong nanos = new AtomicLong();
        Storage remembering = new Storage(dataSource, nanos::get);
        String tag = "race-" + UUID.randomUUID();
        remembering.storeReport(report("race-1", instance("a", 1), T0, sample("cpu", "RUNNABLE", 1, "main", tag)));
        // The group goes: no sample names the stack, yet the collector still remembers its id.
        assertThat(storage.deleteGroup(group.name())).isTrue();
        newGroup();
        nanos.addAndGet(Duration.ofMinutes(59).toNanos());

        storage.pruneDictionaries();
        remembering.storeReport(report("race-2", instance("a", 1), T0, sample("cpu", "RUNNABLE", 3, "main", tag)));

        assertThat(folded(cpu(T0, T0.plus(Duration.ofMinutes(1))))).containsOnly(Map.entry("main;" + tag, 3L));
    }

    @Test
    void pruneDictionaries_rememberedIdPastItsTrust_upsertedAgainAfterBeingPruned() throws SQLException {
        AtomicLong nanos = new AtomicLong();
        Storage remembering = new Storage(dataSource, nanos::get);
        String tag = "trust-" + UUID.randomUUID();
        remembering.storeReport(report("t-1", instance("a", 1), T0, sample("cpu", "RUNNABLE", 1, "main", tag)));
        assertThat(storage.deleteGroup(group.name())).isTrue();
        newGroup();
        // A day later: the collector stopped trusting its memory after an hour, and the rows were pruned.
        nanos.addAndGet(Duration.ofDays(1).toNanos());
        usedDaysAgo(tag, 2);
        assertThat(storage.pruneDictionaries()).isPositive();
        assertThat(count(stacksThrough(tag))).isZero();

        remembering.storeReport(report("t-2", instance("a", 1), T0, sample("cpu", "RUNNABLE", 4, "main", tag)));

        assertThat(count(stacksThrough(tag))).isEqualTo(1);
        assertThat(folded(cpu(T0, T0.plus(Duration.ofMinutes(1))))).containsOnly(Map.entry("main;" + tag, 4L));
    }

    @Test
    void pruneDictionaries_whileReportsUpsertTheRowsItDeletes_everyStoredSampleResolves() throws Exception {
        // The collector's memory expires before every report (two hours pass each time), so each report upserts
        // its frames and stacks while the prune deletes the same rows, their samples deleted and the rows aged by
        // hand to look unused for days.
        AtomicLong nanos = new AtomicLong();
        Storage forgetful = new Storage(dataSource, nanos::get);
        String tag = "busy-" + UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> ingest = pool.submit(() -> {
                for (int i = 0; i < 40; i++) {
                    nanos.addAndGet(Duration.ofHours(2).toNanos());
                    forgetful.storeReport(report(
                            "busy-" + i,
                            instance("a", 1),
                            T0,
                            sample("cpu", "RUNNABLE", 1, "main", tag + ".Run", tag + ".Leaf" + i % 5)));
                }
                return null;
            });
            Future<Integer> prune = pool.submit(() -> {
                int deleted = 0;
                for (int i = 0; i < 20; i++) {
                    // As retention would: the samples so far go, so their stacks and leaves are named no more.
                    execute("DELETE FROM sample_block WHERE group_id = " + group.id());
                    usedDaysAgo(tag, 2);
                    deleted += Math.max(0, storage.pruneDictionaries());
                }
                return deleted;
            });
            ingest.get();
            // Rows of reports already stored were pruned while later reports stored them again.
            assertThat(prune.get()).isPositive();
        } finally {
            pool.shutdownNow();
        }

        assertThat(count("SELECT count(*) FROM sample_block b CROSS JOIN LATERAL unnest(b.stack_ids) AS u(id)"
                        + " WHERE b.group_id = " + group.id()
                        + " AND NOT EXISTS (SELECT 1 FROM stack s WHERE s.id = u.id)"))
                .isZero();
        assertThat(count("SELECT count(*) FROM stack s CROSS JOIN LATERAL unnest(s.frame_ids) AS u(id)"
                        + " WHERE NOT EXISTS (SELECT 1 FROM frame f WHERE f.id = u.id)"))
                .isZero();
        assertThat(folded(cpu(T0, T0.plus(Duration.ofMinutes(1)))).values().stream()
                        .mapToLong(Long::longValue)
                        .sum())
                .isEqualTo(count("SELECT coalesce(sum(v), 0) FROM sample_block b CROSS JOIN LATERAL"
                        + " unnest(b.stack_values) AS u(v) WHERE b.group_id = " + group.id()));
    }

    @Test
    void pruneDictionaries_whileAnIngestHoldsAnOldRowItReuses_rowSparedAndSamplesResolve() throws Exception {
        AtomicLong nanos = new AtomicLong();
        Storage forgetful = new Storage(dataSource, nanos::get);
        String tag = "held-" + UUID.randomUUID();
        forgetful.storeReport(report("held-1", instance("a", 1), T0, sample("cpu", "RUNNABLE", 1, "main", tag)));
        execute("DELETE FROM sample_block WHERE group_id = " + group.id());
        usedDaysAgo(tag, 2);
        nanos.addAndGet(Duration.ofHours(2).toNanos());
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection blocker = dataSource.getConnection();
                Statement s = blocker.createStatement()) {
            // The ingest below finds the stored rows, then waits before writing its samples: the moment a prune
            // that did not see it coming would delete the rows it is about to name.
            blocker.setAutoCommit(false);
            s.execute("LOCK TABLE sample_block IN EXCLUSIVE MODE");
            Future<Boolean> ingest = pool.submit(() -> forgetful.storeReport(
                    report("held-2", instance("a", 1), T0, sample("cpu", "RUNNABLE", 6, "main", tag))));
            for (int i = 0;
                    i < 200
                            && count("SELECT count(*) FROM pg_locks WHERE NOT granted"
                                            + " AND relation = 'sample_block'::regclass")
                                    == 0;
                    i++) {
                Thread.sleep(50);
            }
            assertThat(count("SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = 'sample_block'::regclass"))
                    .as("the ingest waits for the sample_block lock")
                    .isEqualTo(1);

            storage.pruneDictionaries();
            blocker.commit();

            assertThat(ingest.get()).isTrue();
        } finally {
            pool.shutdownNow();
        }
        assertThat(count(stacksThrough(tag))).isEqualTo(1);
        assertThat(folded(cpu(T0, T0.plus(Duration.ofMinutes(1))))).containsOnly(Map.entry("main;" + tag, 6L));
    }

    @Test
    void mergedStacks_afterRollups_sameTotalsAsTheReportsSentForEveryRange() throws SQLException {
        Instant day0 = T0.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(3));
        List<ReportRecord> sent = new ArrayList<>();
        // Every 97 minutes over three days, two instances, two states, three stacks: hours and days all uneven.
        for (int k = 0; k * 97 < 3 * 24 * 60; k++) {
            String state = k % 2 == 0 ? "RUNNABLE" : "WAITING";
            sent.add(report(
                    "tot-" + k,
                    instance(k % 3 == 0 ? "a" : "b", k % 3 == 0 ? 1 : 2),
                    day0.plus(Duration.ofMinutes(k * 97L)),
                    sample("cpu", state, k + 1, "main", "f" + (k % 3)),
                    sample("cpu", "RUNNABLE", 2, "main", "g")));
        }
        sent.forEach(storage::storeReport);
        long instanceA = storage.instances(group.id(), day0, day0.plus(Duration.ofDays(3))).stream()
                .filter(i -> i.host().equals("a"))
                .findFirst()
                .orElseThrow()
                .id();
        List<SampleFilter> filters = List.of(
                cpu(day0, day0.plus(Duration.ofDays(3))),
                cpu(day0.plus(Duration.ofDays(1)), day0.plus(Duration.ofDays(2))),
                cpu(day0.plus(Duration.ofHours(5)), day0.plus(Duration.ofHours(55))),
                cpu(day0.plus(Duration.ofHours(25)), day0.plus(Duration.ofHours(26))),
                new SampleFilter(
                        group.id(),
                        "cpu",
                        Set.of(),
                        Optional.of(instanceA),
                        day0.plus(Duration.ofHours(5)),
                        day0.plus(Duration.ofHours(55))),
                new SampleFilter(
                        group.id(), "cpu", Set.of("WAITING"), Optional.empty(), day0, day0.plus(Duration.ofDays(3))));
        List<Map<String, Long>> expected =
                filters.stream().map(f -> sentTotals(sent, f, instanceA)).toList();

        rollUpBefore(day0.plus(Duration.ofDays(3)));

        assertThat(filters.stream().map(this::folded).toList()).isEqualTo(expected);
        assertThat(expected.get(0)).containsEntry("main;g", 2L * sent.size());
    }

    /** What the reports sent hold for the filter (cpu samples of the filter's states, instance and range). */
    private static Map<String, Long> sentTotals(List<ReportRecord> sent, SampleFilter filter, long instanceA) {
        Map<String, Long> totals = new java.util.TreeMap<>();
        for (ReportRecord r : sent) {
            boolean inRange =
                    !r.windowStart().isBefore(filter.from()) && r.windowStart().isBefore(filter.to());
            boolean isA = r.instance().host().equals("a");
            if (!inRange || filter.instanceId().isPresent() && !isA) {
                continue;
            }
            for (StackSample s : r.samples()) {
                if (filter.threadStates().isEmpty() || filter.threadStates().contains(s.threadState())) {
                    totals.merge(String.join(";", s.framesRootFirst()), s.value(), Long::sum);
                }
            }
        }
        return totals;
    }

    @Test
    void storeReport_labelledSamples_eachSetStoredOnceAndFilterSelectsOnlyItsSamples() throws SQLException {
        String tag = UUID.randomUUID().toString();
        LabelSet search = LabelSet.of(Map.of("endpoint", "GET /search", "tenant", tag));
        LabelSet orders = LabelSet.of(Map.of("endpoint", "POST /orders", "tenant", tag));
        storage.storeReport(report(
                "l-1",
                instance("a", 1),
                T0,
                labelled(search, 5, "main", "search"),
                labelled(orders, 3, "main", "order"),
                sample("cpu", "RUNNABLE", 2, "main", "idle")));
        storage.storeReport(report(
                "l-2",
                instance("a", 1),
                T0.plus(Duration.ofMinutes(1)),
                labelled(search, 7, "main", "search"),
                labelled(search, 1, "main", "order")));
        SampleFilter all = cpu(T0, T0.plus(Duration.ofMinutes(2)));

        assertThat(count("SELECT count(*) FROM label_set WHERE '" + tag + "' = ANY(label_values)"))
                .isEqualTo(2);
        assertThat(folded(all.withLabels(Map.of("endpoint", Set.of("GET /search")))))
                .containsOnly(Map.entry("main;search", 12L), Map.entry("main;order", 1L));
        // Values of one key are alternatives; keys must all match.
        assertThat(folded(all.withLabels(Map.of("endpoint", Set.of("GET /search", "POST /orders")))))
                .containsOnly(Map.entry("main;search", 12L), Map.entry("main;order", 4L));
        assertThat(folded(all.withLabels(Map.of("endpoint", Set.of("POST /orders"), "tenant", Set.of("other")))))
                .isEmpty();
        assertThat(folded(all.withLabels(Map.of("endpoint", Set.of("POST /orders"), "tenant", Set.of(tag)))))
                .containsOnly(Map.entry("main;order", 3L));
        assertThat(breakdown(all, "endpoint"))
                .containsOnly(Map.entry("GET /search", 13L), Map.entry("POST /orders", 3L), Map.entry("(none)", 2L));
    }

    @Test
    void labelFiltersAndBreakdown_afterRollups_sameTotalsAsTheReportsSentOnEveryLevel() throws SQLException {
        Instant day0 = T0.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(3));
        String[] endpoints = {"GET /search", "POST /orders", "GET /report"};
        List<ReportRecord> sent = new ArrayList<>();
        // Every 97 minutes over three days, two instances: hours and days all uneven, every level holds labels.
        for (int k = 0; k * 97 < 3 * 24 * 60; k++) {
            LabelSet set = LabelSet.of(Map.of("endpoint", endpoints[k % 3], "pod", "p" + (k % 2)));
            sent.add(report(
                    "lt-" + k,
                    instance(k % 3 == 0 ? "a" : "b", k % 3 == 0 ? 1 : 2),
                    day0.plus(Duration.ofMinutes(k * 97L)),
                    labelled(set, k + 1, "main", "f" + (k % 3)),
                    labelled(LabelSet.of(Map.of("label_set", "other")), 2, "main", "g"),
                    sample("cpu", "RUNNABLE", 1, "main", "h")));
        }
        sent.forEach(storage::storeReport);
        List<SampleFilter> ranges = List.of(
                cpu(day0, day0.plus(Duration.ofDays(3))),
                cpu(day0.plus(Duration.ofDays(1)), day0.plus(Duration.ofDays(2))),
                cpu(day0.plus(Duration.ofHours(5)), day0.plus(Duration.ofHours(55))),
                // Starting mid-hour: the edge minutes come from raw blocks, then from the hour they rolled into.
                cpu(day0.plus(Duration.ofMinutes(301)), day0.plus(Duration.ofHours(50))));
        List<Map<String, Set<String>>> conditions = List.of(
                Map.of("endpoint", Set.of("GET /search")),
                Map.of("endpoint", Set.of("GET /search", "GET /report"), "pod", Set.of("p1")),
                Map.of("label_set", Set.of("other")));
        List<Object> expected = new ArrayList<>();
        List<Object> raw = new ArrayList<>();
        for (SampleFilter range : ranges) {
            expected.add(sentBreakdown(sent, range));
            raw.add(breakdown(range, "endpoint"));
            for (Map<String, Set<String>> condition : conditions) {
                expected.add(sentFolded(sent, range, condition));
                raw.add(folded(range.withLabels(condition)));
            }
        }

        rollUpBefore(day0.plus(Duration.ofDays(3)));

        List<Object> rolledUp = new ArrayList<>();
        for (SampleFilter range : ranges) {
            rolledUp.add(breakdown(range, "endpoint"));
            for (Map<String, Set<String>> condition : conditions) {
                rolledUp.add(folded(range.withLabels(condition)));
            }
        }
        assertThat(raw).isEqualTo(expected);
        assertThat(rolledUp).isEqualTo(expected);
        assertThat(new ArrayList<Object>(((Map<?, ?>) expected.get(0)).keySet()))
                .containsExactlyInAnyOrder("GET /search", "POST /orders", "GET /report", "(none)", "(other)");
    }

    @Test
    void pruneDictionaries_labelSetNoSampleNames_removedAfterADayAndUsedOnesKept() throws SQLException {
        String tag = UUID.randomUUID().toString();
        LabelSet old = LabelSet.of(Map.of("endpoint", "old-" + tag));
        LabelSet kept = LabelSet.of(Map.of("endpoint", "kept-" + tag));
        storage.storeReport(
                report("lp-old", instance("a", 1), T0.minus(Duration.ofDays(40)), labelled(old, 1, "main", "x")));
        storage.storeReport(report("lp-new", instance("a", 1), T0, labelled(kept, 1, "main", "x")));
        expire(T0.minus(Duration.ofDays(30)));
        execute("UPDATE label_set SET last_used = now() - interval '2 days' WHERE label_values[1] LIKE '%" + tag + "'");

        assertThat(storage.pruneDictionaries()).isPositive();

        assertThat(strings("SELECT label_values[1] FROM label_set WHERE label_values[1] LIKE '%" + tag + "'"))
                .containsExactly("kept-" + tag);
        assertThat(breakdown(cpu(T0, T0.plus(Duration.ofMinutes(1))), "endpoint"))
                .containsOnly(Map.entry("kept-" + tag, 1L));
    }

    /** Breakdown totals by value; "(none)" for samples without the key, "(other)" for folded ones. */
    Map<String, Long> breakdown(SampleFilter filter, String key) {
        Map<String, Long> totals = new java.util.TreeMap<>();
        for (LabelBreakdown.Row row : storage.labelBreakdown(filter, key).rows()) {
            String name =
                    row.value() != null ? row.value() : row.folded() != null ? "(" + row.folded() + ")" : "(none)";
            totals.merge(name, row.total(), Long::sum);
        }
        return totals;
    }

    private static Map<String, Long> sentBreakdown(List<ReportRecord> sent, SampleFilter range) {
        Map<String, Long> totals = new java.util.TreeMap<>();
        for (ReportRecord r : sent) {
            if (!r.windowStart().isBefore(range.from()) && r.windowStart().isBefore(range.to())) {
                for (StackSample s : r.samples()) {
                    Map<String, String> labels = s.labels().asMap();
                    String name = labels.containsKey("endpoint")
                            ? labels.get("endpoint")
                            : labels.containsKey("label_set") ? "(" + labels.get("label_set") + ")" : "(none)";
                    totals.merge(name, s.value(), Long::sum);
                }
            }
        }
        return totals;
    }

    private static Map<String, Long> sentFolded(
            List<ReportRecord> sent, SampleFilter range, Map<String, Set<String>> condition) {
        Map<String, Long> totals = new java.util.HashMap<>();
        for (ReportRecord r : sent) {
            if (!r.windowStart().isBefore(range.from()) && r.windowStart().isBefore(range.to())) {
                for (StackSample s : r.samples()) {
                    Map<String, String> labels = s.labels().asMap();
                    if (condition.entrySet().stream()
                            .allMatch(c -> labels.containsKey(c.getKey())
                                    && c.getValue().contains(labels.get(c.getKey())))) {
                        totals.merge(String.join(";", s.framesRootFirst()), s.value(), Long::sum);
                    }
                }
            }
        }
        return totals;
    }

    static StackSample labelled(LabelSet labels, long value, String... frames) {
        return new StackSample(frames, "cpu", "RUNNABLE", labels, value, value);
    }

    @Test
    void storeReport_storedRowWithTheSameIdAndOtherName_failsAndMergesNothing() throws SQLException {
        storage.storeReport(report("k-0", instance("a", 1), T0, sample("cpu", "RUNNABLE", 1, "main")));
        DictionaryIds ids = new DictionaryIds(secret());
        String victim = "victim-" + UUID.randomUUID();
        // What a collision would leave: a row holding the victim's id under another name.
        execute("INSERT INTO frame (id, name) VALUES (" + ids.frameId(victim) + ", 'attacker.Frame')");

        assertThatThrownBy(() -> storage.storeReport(
                        report("k-1", instance("a", 1), T0, sample("cpu", "RUNNABLE", 1, "main", victim))))
                .isInstanceOf(InsertReport.DictionaryCollision.class);

        assertThat(count("SELECT count(*) FROM report WHERE report_id = 'k-1'")).isZero();
        assertThat(strings("SELECT name FROM frame WHERE id = " + ids.frameId(victim)))
                .containsExactly("attacker.Frame");
    }

    @Test
    void storeReport_frameIds_keyedByTheInstallationSecretNotAPlainHash() throws SQLException {
        String name = "keyed-" + UUID.randomUUID();
        storage.storeReport(report("key-1", instance("a", 1), T0, sample("cpu", "RUNNABLE", 1, "main", name)));

        assertThat(count("SELECT count(*) FROM dictionary_key")).isEqualTo(1);
        assertThat(count("SELECT id FROM frame WHERE name = '" + name + "'"))
                .isEqualTo(new DictionaryIds(secret()).frameId(name))
                .isNotEqualTo(new DictionaryIds(new byte[32]).frameId(name));
    }

    byte[] secret() throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT secret FROM dictionary_key")) {
            rs.next();
            return rs.getBytes(1);
        }
    }

    /**
     * As if the tagged frames, and the stacks through them, were last inserted or touched that many days ago. Rows
     * are locked in id order, as ingest locks them, so a concurrent ingest cannot deadlock with this.
     */
    void usedDaysAgo(String tag, int days) throws SQLException {
        execute("UPDATE frame SET last_used = now() - interval '" + days + " days' WHERE id IN (SELECT id FROM frame"
                + " WHERE name LIKE '" + tag + "%' ORDER BY id FOR UPDATE)");
        execute("UPDATE stack SET last_used = now() - interval '" + days + " days' WHERE id IN (SELECT id FROM stack"
                + " WHERE frame_ids && ARRAY(SELECT id FROM frame WHERE name LIKE '" + tag + "%') ORDER BY id"
                + " FOR UPDATE)");
    }

    static String framesNamed(String tag) {
        return "SELECT count(*) FROM frame WHERE name LIKE '" + tag + "%'";
    }

    static String stacksThrough(String frame) {
        return "SELECT count(*) FROM stack s JOIN frame f ON f.id = ANY(s.frame_ids) WHERE f.name = '" + frame + "'";
    }

    void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    SampleFilter cpu(Instant from, Instant to) {
        return new SampleFilter(group.id(), "cpu", Set.of(), Optional.empty(), from, to);
    }

    Map<String, Long> folded(SampleFilter filter) {
        return storage.mergedStacks(filter).stream()
                .collect(Collectors.toMap(s -> String.join(";", s.framesRootFirst()), StackSample::value, Long::sum));
    }

    List<String> strings(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    long count(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    ReportRecord report(String id, InstanceInfo instance, Instant start, StackSample... samples) {
        return new ReportRecord(
                group.id(),
                id,
                instance,
                start,
                start.plus(Duration.ofMinutes(1)),
                "ASYNC_PROFILER_ITIMER",
                "INTERVAL",
                List.of("cpu"),
                0,
                0,
                1_000_000L,
                4096,
                30_000_000_000L,
                12,
                64 << 20,
                20,
                List.of(samples),
                java.util.Optional.empty());
    }

    static InstanceInfo instance(String host, long pid) {
        return instance(host, pid, "");
    }

    static InstanceInfo instance(String host, long pid, String appVersion) {
        return new InstanceInfo(
                host,
                pid,
                T0.minus(Duration.ofDays(50)),
                "17.0.15",
                "Eclipse Adoptium",
                "0.1.0",
                appVersion,
                "Linux/amd64",
                2);
    }

    SampleFilter versions(Instant to, String... versions) {
        return new SampleFilter(group.id(), "cpu", Set.of(), Optional.empty(), Set.of(versions), T0, to);
    }

    static StackSample sample(String type, String state, long value, String... frames) {
        return new StackSample(frames, type, state, value, value);
    }

    static byte[] hash(String token) {
        return token.getBytes(StandardCharsets.UTF_8);
    }
}
