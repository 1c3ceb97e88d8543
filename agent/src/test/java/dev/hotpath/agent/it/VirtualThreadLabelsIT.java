package dev.hotpath.agent.it;

import static dev.hotpath.agent.it.EndpointLabelsIT.cpuByEndpoint;
import static dev.hotpath.agent.it.EndpointLabelsIT.percent;
import static dev.hotpath.agent.it.EndpointLabelsIT.sum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.agent.it.workload.VirtualThreadWorkload;
import dev.hotpath.api.Hotpath;
import dev.hotpath.proto.v1.Profile;
import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What labels do in virtual threads (Java 25), measured: async-profiler attributes a virtual thread's sample to its
 * carrier's OS thread, which the join maps to the carrier's Java thread id, whose timeline is empty; so the samples
 * are unlabelled, never given another thread's labels (not even those of the thread that started the virtual
 * threads). When virtual threads are supported, this test turns into the 70/30 split of LabelSplitIT.
 */
class VirtualThreadLabelsIT {

    @Test
    void virtualThreads_scopesInVirtualThreads_samplesJoinTheCarrierUnlabelledNeverMislabelled(@TempDir Path out)
            throws Exception {
        String api = Paths.get(Hotpath.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toString();
        String name = "labels-virtual-java25";
        try (ForkedJvm jvm = ForkedJvm.java(ForkedJvm.JAVA_25)
                .classpath(Paths.get("target", "test-classes").toAbsolutePath() + File.pathSeparator + api)
                .jvmOption("-XX:CompileCommand=quiet")
                .jvmOption("-XX:CompileCommand=dontinline," + VirtualThreadWorkload.class.getName() + "::spin")
                .agent("output=" + out + EndpointLabelsIT.AGENT_ARGS)
                .start(name, VirtualThreadWorkload.class, "8")) {
            assertThat(jvm.waitFor(Duration.ofSeconds(240))).isZero();
            assertThat(jvm.stdout()).contains("labels active: true");
            List<Profile> profiles = Profiles.readLocal(out);
            Map<String, Long> byEndpoint = cpuByEndpoint(profiles, "VirtualThreadWorkload.spin");
            long all = sum(byEndpoint);
            long labelled = byEndpoint.getOrDefault("heavy", 0L) + byEndpoint.getOrDefault("light", 0L);
            System.out.printf(
                    "%s: %.2f%% of %d ms of spin() labelled; heavy %.2f%% of labelled; %s%n",
                    name, 100.0 * labelled / all, all / 1_000_000, percent(byEndpoint, "heavy", labelled), byEndpoint);
            assertThat(all).isGreaterThan(2_000_000_000L);
            assertThat(byEndpoint).containsOnlyKeys("");
        }
    }
}
