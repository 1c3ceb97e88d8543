package dev.hotpath.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.agent.export.Spool;
import dev.hotpath.agent.it.workload.SplitWorkload;
import dev.hotpath.proto.v1.InstanceIdentity;
import dev.hotpath.proto.v1.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool directory with the shaded agent in forked JVMs: what one JVM could not send, the next one does. */
class SpoolIT {
    private static final String FAST =
            ",reportingIntervalInMilliseconds=1000,minimumTimeForReportingInMilliseconds=1000";

    @TempDir
    Path tmp;

    @Test
    void spool_collectorDownForAJvmsWholeLife_theNextJvmOfTheGroupDeliversItsReportsOnce() throws Exception {
        int port = FakeCollector.freePort();
        Path spool = tmp.resolve("spool");
        String agent = "collector=127.0.0.1:" + port + ",group=spooled,spoolDirectory=" + spool + FAST;
        long firstPid;
        try (ForkedJvm first =
                ForkedJvm.java(ForkedJvm.JAVA_17).agent(agent).start("spool-first", SplitWorkload.class, "4")) {
            firstPid = first.pid();
            assertThat(first.waitFor(Duration.ofSeconds(120))).isZero();
            assertThat(first.stderr())
                    .containsPattern("hotpath: \\d+ report\\(s\\) could not be sent before exit; \\d+"
                            + " written to spool " + spool);
        }
        List<String> spooledIds = spooledReportIds(spool);
        assertThat(spooledIds).hasSizeGreaterThanOrEqualTo(2);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(spool)))
                .isEqualTo("rwx------");

        try (FakeCollector collector = FakeCollector.startOn(port);
                // Three seconds: long enough to cut windows of its own (1 s each) however loaded the machine.
                ForkedJvm next =
                        ForkedJvm.java(ForkedJvm.JAVA_25).agent(agent).start("spool-next", SplitWorkload.class, "3")) {
            assertThat(next.waitFor(Duration.ofSeconds(120))).isZero();

            assertThat(next.stderr())
                    .contains(spooledIds.size() + " report(s) of earlier runs of group spooled")
                    .contains("spool " + spool + ": " + spooledIds.size()
                            + " report(s) of earlier runs of group spooled" + " delivered");
            List<Report> fromFirst = collector.stored.stream()
                    .filter(r -> r.getInstance().getPid() == firstPid)
                    .sorted((a, b) -> Long.compare(a.getWindowStartEpochMillis(), b.getWindowStartEpochMillis()))
                    .collect(Collectors.toList());
            // The very reports the first JVM cut, with their ids, each submitted once, back to back.
            assertThat(fromFirst).extracting(Report::getReportId).containsExactlyInAnyOrderElementsOf(spooledIds);
            assertThat(spooledIds)
                    .allSatisfy(id ->
                            assertThat(collector.submissionsById.get(id).get()).isEqualTo(1));
            for (int i = 1; i < fromFirst.size(); i++) {
                assertThat(fromFirst.get(i).getWindowStartEpochMillis())
                        .isEqualTo(fromFirst.get(i - 1).getWindowEndEpochMillis());
            }
            assertThat(fromFirst.stream()
                            .mapToLong(r -> Profiles.sampleCount(r.getProfile()))
                            .sum())
                    .isPositive();
            assertThat(collector.stored.stream().filter(r -> r.getInstance().getPid() == next.pid()))
                    .isNotEmpty();
        }
        assertThat(spooledReportIds(spool)).isEmpty();
    }

    @Test
    void spool_twoJvmsShareTheDirectory_onlyTheClaimerSendsAndItsDeathReleasesTheFiles() throws Exception {
        int port = FakeCollector.freePort();
        Path dir = tmp.resolve("shared");
        List<String> earlier = new ArrayList<>();
        List<Report> reports = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Report report = Report.newBuilder()
                    .setReportId(UUID.randomUUID().toString())
                    .setProfilingGroup("shared")
                    .setInstance(
                            InstanceIdentity.newBuilder().setHost("earlier").setPid(7))
                    .setWindowStartEpochMillis(1_000_000 + i * 1000L)
                    .setWindowEndEpochMillis(1_001_000 + i * 1000L)
                    .build();
            reports.add(report);
            earlier.add(report.getReportId());
        }
        Spool written = Spool.open(dir, "shared", 1 << 20);
        assertThat(written.write(reports, System.nanoTime() + 60_000_000_000L).files)
                .isEqualTo(3);
        String agent = "collector=127.0.0.1:" + port + ",group=shared,spoolDirectory=" + dir + FAST;

        try (ForkedJvm claimer =
                ForkedJvm.java(ForkedJvm.JAVA_17).agent(agent).start("spool-claimer", SplitWorkload.class, "300")) {
            assertThat(claimer.awaitStderr("3 report(s) of earlier runs of group shared", Duration.ofSeconds(60)))
                    .as(claimer.stderr())
                    .isTrue();
            try (ForkedJvm other =
                    ForkedJvm.java(ForkedJvm.JAVA_25).agent(agent).start("spool-other", SplitWorkload.class, "3")) {
                assertThat(other.waitFor(Duration.ofSeconds(120))).isZero();
                assertThat(other.stderr())
                        .contains("another process is sending the spooled reports of group shared")
                        .contains("written to spool " + dir);
            }
            // kill -9 while it holds the claim: the operating system releases the lock with the process.
            claimer.close();
            assertThat(claimer.waitFor(Duration.ofSeconds(30))).isEqualTo(137);
        }
        List<String> waiting = spooledReportIds(dir);
        assertThat(waiting).containsAll(earlier).hasSizeGreaterThan(3);

        try (FakeCollector collector = FakeCollector.startOn(port);
                ForkedJvm last =
                        ForkedJvm.java(ForkedJvm.JAVA_17).agent(agent).start("spool-last", SplitWorkload.class, "1")) {
            assertThat(last.waitFor(Duration.ofSeconds(120))).isZero();

            assertThat(waiting)
                    .allSatisfy(id ->
                            assertThat(collector.submissionsById.get(id)).as(id).hasValue(1));
            assertThat(last.stderr()).contains(waiting.size() + " report(s) of earlier runs of group shared delivered");
        }
        assertThat(spooledReportIds(dir)).isEmpty();
    }

    @Test
    void spool_directoryOthersMayReadAndABadLimit_eachOneLineTheHostRunsOn() throws Exception {
        Path open = Files.createDirectory(tmp.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        int port = FakeCollector.freePort();

        try (ForkedJvm jvm = ForkedJvm.java(ForkedJvm.JAVA_17)
                .agent("collector=127.0.0.1:" + port + ",spoolDirectory=" + open + ",spoolLimitInMegabytes=lots" + FAST)
                .start("spool-refused", SplitWorkload.class, "1")) {
            assertThat(jvm.waitFor(Duration.ofSeconds(120))).isZero();

            assertThat(jvm.agentLines())
                    .anySatisfy(
                            line -> assertThat(line)
                                    .contains(
                                            "invalid spoolLimitInMegabytes='lots' from agent arguments: not a whole number; using default 64"));
            assertThat(jvm.agentLines())
                    .anySatisfy(line -> assertThat(line)
                            .contains("spool directory " + open + " cannot be used (its permissions are rwxrwxrwx")
                            .contains("chmod 700 " + open));
            // Whether a window was cut before exit depends on the machine's speed; none is ever written to the spool.
            assertThat(jvm.agentLines()).noneSatisfy(line -> assertThat(line).contains("written to spool"));
            assertThat(jvm.stdout()).contains("workload done");
        }
        try (Stream<Path> files = Files.list(open)) {
            assertThat(files).isEmpty();
        }
    }

    /** The report ids in the spool files' names (the agent's own naming: group key, window end, id). */
    private static List<String> spooledReportIds(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".hpspool"))
                    .map(n -> n.substring(31, n.length() - ".hpspool".length()))
                    .collect(Collectors.toList());
        }
    }
}
