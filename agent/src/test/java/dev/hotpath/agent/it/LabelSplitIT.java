package dev.hotpath.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.agent.it.workload.LabelSplitWorkload;
import dev.hotpath.api.Hotpath;
import dev.hotpath.proto.v1.Label;
import dev.hotpath.proto.v1.Profile;
import dev.hotpath.proto.v1.Sample;
import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Custom labels end to end: hotpath-api in a forked JVM, the shaded agent, the pprof files it writes. */
class LabelSplitIT {

    private static String classpath() throws Exception {
        // The workload calls the API from its own jar or classes, as an application would; the agent jar is not on it.
        String api = Paths.get(Hotpath.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toString();
        return Paths.get("target", "test-classes").toAbsolutePath() + File.pathSeparator + api;
    }

    private static ForkedJvm.Builder workload(String java) throws Exception {
        return ForkedJvm.java(java)
                .classpath(classpath())
                // One compiled spin() for both labels, so that 7:3 work is 7:3 CPU time.
                .jvmOption("-XX:CompileCommand=quiet")
                .jvmOption("-XX:CompileCommand=dontinline,dev.hotpath.agent.it.workload.LabelSplitWorkload::spin");
    }

    /** CPU nanoseconds of samples with a spin() frame, by their endpoint label (or label_set=; "" when none). */
    private static Map<String, Long> spinByEndpoint(List<Profile> profiles, Map<String, Long> byWorker) {
        Map<String, Long> totals = new HashMap<>();
        for (Profile profile : profiles) {
            int cpu = Profiles.typeIndex(profile, "cpu");
            if (cpu < 0) {
                continue;
            }
            for (Sample sample : profile.getSampleList()) {
                if (Profiles.frames(profile, sample).stream().noneMatch(f -> f.endsWith("LabelSplitWorkload.spin"))) {
                    continue;
                }
                String endpoint = "";
                String worker = "";
                for (Label label : sample.getLabelList()) {
                    String key = profile.getStringTable((int) label.getKey());
                    if (key.equals("endpoint") || key.equals("label_set")) {
                        endpoint = profile.getStringTable((int) label.getStr());
                    } else if (key.equals("worker")) {
                        worker = profile.getStringTable((int) label.getStr());
                    }
                }
                totals.merge(endpoint, sample.getValue(cpu), Long::sum);
                byWorker.merge(worker, sample.getValue(cpu), Long::sum);
            }
        }
        return totals;
    }

    @ParameterizedTest
    @ValueSource(ints = {17, 25})
    void agent_twoLabelledScopesSplit70To30_eachLabelsShareWithin2PointsAndAlmostAllLabelled(
            int feature, @TempDir Path out) throws Exception {
        String java = feature == 25 ? ForkedJvm.JAVA_25 : ForkedJvm.JAVA_17;
        String name = "labels-java" + feature;
        try (ForkedJvm jvm = workload(java)
                .agent("output=" + out
                        // 1 ms: ~10x the samples of the default, so that sampling noise stays well inside 2 points.
                        + ",samplingIntervalInMilliseconds=1"
                        + ",reportingIntervalInMilliseconds=2000,minimumTimeForReportingInMilliseconds=1000")
                .start(name, LabelSplitWorkload.class, "4")) {

            assertThat(jvm.waitFor(Duration.ofSeconds(180))).isZero();
            assertThat(jvm.stdout()).contains("labels active: true");

            List<Profile> profiles = Profiles.readLocal(out);
            assertThat(profiles).hasSizeGreaterThanOrEqualTo(2);
            profiles.forEach(Profiles::assertConsistent);
            Map<String, Long> byWorker = new HashMap<>();
            Map<String, Long> byEndpoint = spinByEndpoint(profiles, byWorker);
            long heavy = byEndpoint.getOrDefault("heavy", 0L);
            long light = byEndpoint.getOrDefault("light", 0L);
            long all = byEndpoint.values().stream().mapToLong(Long::longValue).sum();
            double heavyPercent = 100.0 * heavy / (heavy + light);
            double labelledPercent = 100.0 * (heavy + light) / all;
            System.out.printf(
                    "%s: heavy %.2f%% of labelled, %.2f%% of %d ms of spin() labelled; by worker %s;"
                            + " by endpoint %s%n",
                    name, heavyPercent, labelledPercent, all / 1_000_000, byWorker, byEndpoint);
            assertThat(all).as("spin() samples").isGreaterThan(2_000_000_000L);
            assertThat(heavyPercent).isBetween(68.0, 72.0);
            assertThat(labelledPercent).isGreaterThanOrEqualTo(95.0);
            // Both threads' samples carry their outer scope's label as well: nesting merges.
            assertThat(byWorker.getOrDefault("0", 0L) + byWorker.getOrDefault("1", 0L))
                    .isEqualTo(heavy + light);
            assertThat(byWorker.get("0")).isPositive();
            assertThat(byWorker.get("1")).isPositive();
        }
    }

    /** Of the samples of {@code type} with a frame ending in {@code frame}: [labelled kind=expected, all]. */
    private static long[] labelled(List<Profile> profiles, String type, String frame, String expected) {
        long[] result = new long[2];
        for (Profile profile : profiles) {
            int index = Profiles.typeIndex(profile, type);
            if (index < 0) {
                continue;
            }
            for (Sample sample : profile.getSampleList()) {
                long value = sample.getValue(index);
                if (value == 0 || Profiles.frames(profile, sample).stream().noneMatch(f -> f.endsWith(frame))) {
                    continue;
                }
                boolean match = sample.getLabelList().stream()
                        .anyMatch(l -> profile.getStringTable((int) l.getKey()).equals("kind")
                                && profile.getStringTable((int) l.getStr()).equals(expected));
                result[0] += match ? value : 0;
                result[1] += value;
            }
        }
        return result;
    }

    @ParameterizedTest
    @ValueSource(ints = {17, 25})
    void agent_allocWallAndLockSamplesInScopes_carryTheirThreadsLabels(int feature, @TempDir Path out)
            throws Exception {
        String java = feature == 25 ? ForkedJvm.JAVA_25 : ForkedJvm.JAVA_17;
        String name = "labels-mixed-java" + feature;
        try (ForkedJvm jvm = ForkedJvm.java(java)
                .classpath(classpath())
                .agent("output=" + out + ",profiles=cpu,wall,alloc,lock,samplingIntervalInMilliseconds=5"
                        + ",reportingIntervalInMilliseconds=2000,minimumTimeForReportingInMilliseconds=1000")
                .start(name, dev.hotpath.agent.it.workload.MixedLabelWorkload.class, "5")) {

            assertThat(jvm.waitFor(Duration.ofSeconds(180))).isZero();
            assertThat(jvm.stdout()).contains("labels active: true");
            List<Profile> profiles = Profiles.readLocal(out);
            long[] alloc = labelled(profiles, "alloc", "MixedLabelWorkload.allocate", "alloc");
            long[] wall = labelled(profiles, "wall", "MixedLabelWorkload.sleep", "sleep");
            long[] lock = labelled(profiles, "lock", "MixedLabelWorkload.contend", "lock");
            System.out.printf(
                    "%s: labelled alloc %.2f%% of %d B, wall in sleep %.2f%% of %d ms, lock %.2f%% of %d ms%n",
                    name,
                    100.0 * alloc[0] / alloc[1],
                    alloc[1],
                    100.0 * wall[0] / wall[1],
                    wall[1] / 1_000_000,
                    100.0 * lock[0] / lock[1],
                    lock[1] / 1_000_000);
            assertThat(alloc[1]).isPositive();
            assertThat(wall[1]).isPositive();
            assertThat(lock[1]).isPositive();
            assertThat(100.0 * alloc[0] / alloc[1]).isGreaterThanOrEqualTo(95.0);
            assertThat(100.0 * wall[0] / wall[1]).isGreaterThanOrEqualTo(95.0);
            assertThat(100.0 * lock[0] / lock[1]).isGreaterThanOrEqualTo(95.0);
        }
    }

    @Test
    void agent_labelsFalse_noHookAndNoSampleCarriesALabel(@TempDir Path out) throws Exception {
        try (ForkedJvm jvm = workload(ForkedJvm.JAVA_17)
                .agent("output=" + out + ",labels=false,samplingIntervalInMilliseconds=5"
                        + ",reportingIntervalInMilliseconds=1000,minimumTimeForReportingInMilliseconds=500")
                .start("labels-off", LabelSplitWorkload.class, "1")) {

            assertThat(jvm.waitFor(Duration.ofSeconds(120))).isZero();
            assertThat(jvm.stdout()).contains("labels active: false");
            List<Profile> profiles = Profiles.readLocal(out);
            assertThat(profiles).isNotEmpty();
            Map<String, Long> byEndpoint = spinByEndpoint(profiles, new HashMap<>());
            assertThat(byEndpoint).containsOnlyKeys("");
        }
    }
}
