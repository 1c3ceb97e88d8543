package dev.hotpath.agent.it;

import static dev.hotpath.agent.it.EndpointLabelsIT.cpuByEndpoint;
import static dev.hotpath.agent.it.EndpointLabelsIT.percent;
import static dev.hotpath.agent.it.EndpointLabelsIT.sum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.agent.it.grpc.GrpcWorkload;
import dev.hotpath.proto.v1.Profile;
import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Endpoint labels of grpc-java server calls (full method names), unshaded gRPC in a forked JVM. */
class GrpcEndpointIT {

    /** The test classes and gRPC's jars (with Guava and perfmark); never the agent's own classes. */
    static String classpath() {
        String all = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> kept = new ArrayList<>();
        kept.add(Paths.get("target", "test-classes").toAbsolutePath().toString());
        for (String entry : all.split(File.pathSeparator)) {
            if (entry.contains("/io/grpc/") || entry.contains("/com/google/") || entry.contains("/io/perfmark/")) {
                kept.add(entry);
            }
        }
        return String.join(File.pathSeparator, kept);
    }

    @ParameterizedTest
    @ValueSource(ints = {17, 25})
    void grpc_threeMethodsOneImplementation_sharesWithin2PointsAndAlmostAllLabelled(int feature, @TempDir Path out)
            throws Exception {
        String java = feature == 25 ? ForkedJvm.JAVA_25 : ForkedJvm.JAVA_17;
        String name = "endpoints-grpc-java" + feature;
        try (ForkedJvm jvm = ForkedJvm.java(java)
                .classpath(classpath())
                .jvmOption("-XX:CompileCommand=quiet")
                .jvmOption("-XX:CompileCommand=dontinline," + GrpcWorkload.class.getName() + "::spin")
                .agent("output=" + out + EndpointLabelsIT.AGENT_ARGS)
                .start(name, GrpcWorkload.class, "1500", out.resolve("go").toString())) {
            EndpointLabelsIT.go(jvm, out);
            assertThat(jvm.waitFor(Duration.ofSeconds(300))).isZero();
            assertThat(jvm.stdout()).contains("workload done: 1500 calls served");

            List<Profile> profiles = Profiles.readLocal(out);
            profiles.forEach(Profiles::assertConsistent);
            Map<String, Long> byMethod = cpuByEndpoint(profiles, "GrpcWorkload.spin");
            long all = sum(byMethod);
            long labelled = all - byMethod.getOrDefault("", 0L);
            System.out.printf(
                    "%s: %.2f%% of %d ms of spin() labelled; of labelled: Get %.2f%%, List %.2f%%, Find %.2f%%; %s%n",
                    name,
                    100.0 * labelled / all,
                    all / 1_000_000,
                    percent(byMethod, "demo.Orders/Get", labelled),
                    percent(byMethod, "demo.Orders/List", labelled),
                    percent(byMethod, "demo.Search/Find", labelled),
                    byMethod);
            assertThat(all).as("spin() samples").isGreaterThan(2_000_000_000L);
            assertThat(100.0 * labelled / all).isGreaterThanOrEqualTo(95.0);
            assertThat(byMethod.keySet().stream().filter(k -> !k.isEmpty()))
                    .containsExactlyInAnyOrder("demo.Orders/Get", "demo.Orders/List", "demo.Search/Find");
            assertThat(percent(byMethod, "demo.Orders/Get", labelled)).isBetween(48.0, 52.0);
            assertThat(percent(byMethod, "demo.Orders/List", labelled)).isBetween(28.0, 32.0);
            assertThat(percent(byMethod, "demo.Search/Find", labelled)).isBetween(18.0, 22.0);
        }
    }
}
