package dev.hotpath.agent.it;

import static dev.hotpath.agent.it.EndpointLabelsIT.cpuByEndpoint;
import static dev.hotpath.agent.it.EndpointLabelsIT.percent;
import static dev.hotpath.agent.it.EndpointLabelsIT.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
 * Labels in virtual threads (Java 25): async-profiler takes a virtual thread's sample on its carrier's OS thread, so
 * the agent copies the virtual thread's label set onto its carrier's timeline at each mount and clears it at each
 * unmount. The workload's virtual threads spin under heavy (7), light (3) and, handed over by the
 * virtual-thread-per-task executor, submitter (1), with a sleep (unmount, remount elsewhere) inside heavy.
 */
class VirtualThreadLabelsIT {

    @Test
    void virtualThreads_scopesAcrossUnmountAndRemount_eachShareWithin2PointsAndAlmostAllLabelled(@TempDir Path out)
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
                .start(name, VirtualThreadWorkload.class, "8", out.resolve("go").toString())) {
            EndpointLabelsIT.go(jvm, out);
            assertThat(jvm.waitFor(Duration.ofSeconds(240))).isZero();
            assertThat(jvm.stdout()).contains("labels active: true");
            List<Profile> profiles = Profiles.readLocal(out);
            Map<String, Long> byEndpoint = cpuByEndpoint(profiles, "VirtualThreadWorkload.spin");
            long all = sum(byEndpoint);
            long labelled = all - byEndpoint.getOrDefault("", 0L);
            System.out.printf(
                    "%s: %.2f%% of %d ms of spin() labelled; of labelled: heavy %.2f%%, light %.2f%%,"
                            + " submitter %.2f%%; %s%n",
                    name,
                    100.0 * labelled / all,
                    all / 1_000_000,
                    percent(byEndpoint, "heavy", labelled),
                    percent(byEndpoint, "light", labelled),
                    percent(byEndpoint, "submitter", labelled),
                    byEndpoint);
            assertThat(all).isGreaterThan(2_000_000_000L);
            assertThat(100.0 * labelled / all).isGreaterThanOrEqualTo(95.0);
            assertThat(percent(byEndpoint, "heavy", labelled)).isCloseTo(100.0 * 7 / 11, within(2.0));
            assertThat(percent(byEndpoint, "light", labelled)).isCloseTo(100.0 * 3 / 11, within(2.0));
            assertThat(percent(byEndpoint, "submitter", labelled)).isCloseTo(100.0 * 1 / 11, within(2.0));
        }
    }
}
