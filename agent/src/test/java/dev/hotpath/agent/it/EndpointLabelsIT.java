package dev.hotpath.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.agent.it.workload.HttpServerWorkload;
import dev.hotpath.proto.v1.Label;
import dev.hotpath.proto.v1.Profile;
import dev.hotpath.proto.v1.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Endpoint labels from instrumentation, no code change in the application: forked JVMs with the shaded agent. */
class EndpointLabelsIT {
    static final String AGENT_ARGS = ",samplingIntervalInMilliseconds=1"
            + ",reportingIntervalInMilliseconds=2000,minimumTimeForReportingInMilliseconds=1000";

    /** CPU nanoseconds of samples with a frame ending in {@code frame}, by endpoint label ("" when none). */
    static Map<String, Long> cpuByEndpoint(List<Profile> profiles, String frame) {
        Map<String, Long> totals = new TreeMap<>();
        for (Profile profile : profiles) {
            int cpu = Profiles.typeIndex(profile, "cpu");
            if (cpu < 0) {
                continue;
            }
            for (Sample sample : profile.getSampleList()) {
                if (Profiles.frames(profile, sample).stream().noneMatch(f -> f.endsWith(frame))) {
                    continue;
                }
                String endpoint = "";
                for (Label label : sample.getLabelList()) {
                    String key = profile.getStringTable((int) label.getKey());
                    if (key.equals("endpoint") || key.equals("label_set")) {
                        endpoint = profile.getStringTable((int) label.getStr());
                    }
                }
                totals.merge(endpoint, sample.getValue(cpu), Long::sum);
            }
        }
        return totals;
    }

    static double percent(Map<String, Long> byEndpoint, String endpoint, long of) {
        return 100.0 * byEndpoint.getOrDefault(endpoint, 0L) / of;
    }

    static long sum(Map<String, Long> byEndpoint) {
        return byEndpoint.values().stream().mapToLong(Long::longValue).sum();
    }

    static ForkedJvm.Builder workload(String java, String spinClass) {
        return ForkedJvm.java(java)
                .jvmOption("-XX:CompileCommand=quiet")
                .jvmOption("-XX:CompileCommand=dontinline," + spinClass + "::spin");
    }

    /** Lets the workload begin once the agent has started and installed its instrumentation. */
    static void go(ForkedJvm jvm, Path out) throws Exception {
        assertThat(jvm.awaitStderr("endpoint labels: instrumentation installed", Duration.ofSeconds(60)))
                .as("instrumentation installed; stderr: %s", jvm.stderr())
                .isTrue();
        assertThat(jvm.awaitStderr(" started in ", Duration.ofSeconds(60))).isTrue();
        // Installing the hook leaves the host's class data sharing and stderr alone: no jar appended to the bootstrap
        // class path (the JVM warns), no sun.misc.Unsafe (Java 24+ warns).
        assertThat(jvm.stderr())
                .doesNotContain("bootstrap classpath has been appended")
                .doesNotContain("sun.misc.Unsafe");
        Files.createFile(out.resolve("go"));
    }

    /** {@link #assertSplit(String, Path, ForkedJvm, String)} of HttpServerWorkload's handler. */
    static void assertSplit(String name, Path out, ForkedJvm jvm) throws Exception {
        assertSplit(name, out, jvm, "HttpServerWorkload.spin");
    }

    /**
     * Asserts the 50/30/20 split over GET /orders/{id}, GET /users/{id}/cart and POST /search of the CPU of the
     * handler's frame {@code frame}, and that at least 95% of it is labelled; prints the numbers. Answers the profiles.
     */
    static List<Profile> assertSplit(String name, Path out, ForkedJvm jvm, String frame) throws Exception {
        List<Profile> profiles = Profiles.readLocal(out);
        profiles.forEach(Profiles::assertConsistent);
        Map<String, Long> byEndpoint = cpuByEndpoint(profiles, frame);
        long all = sum(byEndpoint);
        long labelled = all - byEndpoint.getOrDefault("", 0L);
        System.out.printf(
                "%s: %.2f%% of %d ms of spin() labelled; of labelled: orders %.2f%%, cart %.2f%%, search %.2f%%;"
                        + " %s; %s%n",
                name,
                100.0 * labelled / all,
                all / 1_000_000,
                percent(byEndpoint, "GET /orders/{id}", labelled),
                percent(byEndpoint, "GET /users/{id}/cart", labelled),
                percent(byEndpoint, "POST /search", labelled),
                byEndpoint,
                jvm.agentLines());
        assertThat(all).as("spin() samples").isGreaterThan(2_000_000_000L);
        assertThat(100.0 * labelled / all).isGreaterThanOrEqualTo(95.0);
        assertThat(byEndpoint.keySet().stream().filter(k -> !k.isEmpty()))
                .containsExactlyInAnyOrder("GET /orders/{id}", "GET /users/{id}/cart", "POST /search");
        assertThat(percent(byEndpoint, "GET /orders/{id}", labelled)).isBetween(48.0, 52.0);
        assertThat(percent(byEndpoint, "GET /users/{id}/cart", labelled)).isBetween(28.0, 32.0);
        assertThat(percent(byEndpoint, "POST /search", labelled)).isBetween(18.0, 22.0);
        return profiles;
    }

    @ParameterizedTest
    @ValueSource(ints = {17, 25})
    void httpServer_threeEndpointsOneHandler_sharesWithin2PointsAndAlmostAllLabelled(int feature, @TempDir Path out)
            throws Exception {
        String java = feature == 25 ? ForkedJvm.JAVA_25 : ForkedJvm.JAVA_17;
        String name = "endpoints-httpserver-java" + feature;
        try (ForkedJvm jvm = workload(java, HttpServerWorkload.class.getName())
                .agent("output=" + out + AGENT_ARGS)
                .start(name, HttpServerWorkload.class, "1500", out.resolve("go").toString())) {
            go(jvm, out);
            assertThat(jvm.waitFor(Duration.ofSeconds(240))).isZero();
            assertThat(jvm.stdout()).contains("workload done: 1500 requests served");
            assertSplit(name, out, jvm);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {17, 25})
    void handOff_executorsAndCompletableFuture_workerSamplesCarryTheRequestsEndpoint(int feature, @TempDir Path out)
            throws Exception {
        String java = feature == 25 ? ForkedJvm.JAVA_25 : ForkedJvm.JAVA_17;
        String name = "endpoints-handoff-java" + feature;
        try (ForkedJvm jvm = workload(java, HttpServerWorkload.class.getName())
                .agent("output=" + out + AGENT_ARGS)
                .start(name, HttpServerWorkload.class, "1500", out.resolve("go").toString(), "handoff")) {
            go(jvm, out);
            assertThat(jvm.waitFor(Duration.ofSeconds(240))).isZero();
            assertThat(jvm.stdout()).contains("workload done: 1500 requests served");
            assertSplit(name, out, jvm);
        }
    }

    @Test
    void attach_runningHttpServer_retransformedAndLabelled(@TempDir Path out) throws Exception {
        String name = "endpoints-attach";
        try (ForkedJvm app = workload(ForkedJvm.JAVA_17, HttpServerWorkload.class.getName())
                .start(name, HttpServerWorkload.class, "1500", out.resolve("go").toString())) {
            assertThat(app.awaitStdout("workload started", Duration.ofSeconds(30)))
                    .isTrue();
            ForkedJvm attach = ForkedJvm.java(ForkedJvm.JAVA_17)
                    .startJar(name + "-tool", "attach", String.valueOf(app.pid()), "output=" + out + AGENT_ARGS);
            assertThat(attach.waitFor(Duration.ofSeconds(60))).isZero();
            go(app, out);
            assertThat(app.waitFor(Duration.ofSeconds(240))).isZero();
            assertSplit(name, out, app);
        }
    }

    @Test
    void faults_throwingHandlerAndRequestThatNeverEnds_hostUnharmedAndLabelRestored(@TempDir Path out)
            throws Exception {
        String name = "endpoints-faults";
        try (ForkedJvm jvm = workload(ForkedJvm.JAVA_17, HttpServerWorkload.class.getName())
                .jvmOption("-XX:CompileCommand=dontinline," + HttpServerWorkload.class.getName() + "::afterSpin")
                .agent("output=" + out + AGENT_ARGS)
                .start(name, HttpServerWorkload.class, "300", out.resolve("go").toString(), "faults")) {
            go(jvm, out);
            assertThat(jvm.waitFor(Duration.ofSeconds(240))).isZero();
            assertThat(jvm.stdout()).contains("hanging request sent").contains("workload done: 300 requests served");
            assertThat(jvm.agentLines()).noneMatch(l -> l.contains("cannot instrument"));
            List<Profile> profiles = Profiles.readLocal(out);
            Map<String, Long> inHandler = cpuByEndpoint(profiles, "HttpServerWorkload.spin");
            Map<String, Long> after = cpuByEndpoint(profiles, "HttpServerWorkload.afterSpin");
            System.out.printf("%s: handler spin by endpoint %s; spin after the requests %s%n", name, inHandler, after);
            // The throwing requests were labelled while inside, and their label ended with the throw: the same
            // thread's later work outside any request carries none.
            assertThat(inHandler.getOrDefault("GET /fail/{id}", 0L)).isPositive();
            assertThat(inHandler.getOrDefault("GET /orders/{id}", 0L)).isPositive();
            assertThat(sum(after)).isGreaterThan(300_000_000L);
            assertThat(100.0 * after.getOrDefault("", 0L) / sum(after)).isGreaterThanOrEqualTo(99.0);
        }
    }

    @Test
    void labelsFalse_noInstrumentationAndNoEndpointLabel(@TempDir Path out) throws Exception {
        String name = "endpoints-labels-off";
        try (ForkedJvm jvm = workload(ForkedJvm.JAVA_17, HttpServerWorkload.class.getName())
                .agent("output=" + out + ",labels=false" + AGENT_ARGS)
                .start(name, HttpServerWorkload.class, "300", out.resolve("go").toString())) {
            assertThat(jvm.awaitStderr(" started in ", Duration.ofSeconds(60))).isTrue();
            Files.createFile(out.resolve("go"));
            assertThat(jvm.waitFor(Duration.ofSeconds(240))).isZero();
            assertThat(jvm.stdout()).contains("workload done: 300 requests served");
            assertThat(jvm.agentLines()).noneMatch(l -> l.contains("endpoint labels"));
            Map<String, Long> byEndpoint = cpuByEndpoint(Profiles.readLocal(out), "HttpServerWorkload.spin");
            assertThat(sum(byEndpoint)).isPositive();
            assertThat(byEndpoint).containsOnlyKeys("");
        }
    }
}
