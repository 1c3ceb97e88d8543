package dev.hotpath.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.agent.it.workload.SplitWorkload;
import dev.hotpath.proto.v1.Profile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar hotpath-agent.jar attach PID ...} against a JVM started without the agent. */
class AttachIT {

    @Test
    void attach_runningJvm_startsProfilingThere(@TempDir Path out) throws Exception {
        try (FakeCollector collector = FakeCollector.start();
                ForkedJvm app = ForkedJvm.java(ForkedJvm.JAVA_17).start("attach-app", SplitWorkload.class, "12")) {
            assertThat(app.awaitStdout("workload started", Duration.ofSeconds(10)))
                    .isTrue();

            ForkedJvm attach = ForkedJvm.java(ForkedJvm.JAVA_17)
                    .startJar(
                            "attach-tool",
                            "attach",
                            String.valueOf(app.pid()),
                            "collector=" + collector.address() + ",output=" + out
                                    + ",reportingIntervalInMilliseconds=1000,minimumTimeForReportingInMilliseconds=1000");
            assertThat(attach.waitFor(Duration.ofSeconds(30))).isZero();
            assertThat(attach.stdout()).contains("hotpath: agent attached to " + app.pid());

            assertThat(app.awaitStderr("hotpath: agent ", Duration.ofSeconds(15)))
                    .isTrue();
            assertThat(collector.awaitReports(r -> r.size() >= 2, Duration.ofSeconds(15)))
                    .hasSizeGreaterThanOrEqualTo(2);
            assertThat(Profiles.total(collector.stored, "cpu", "SplitWorkload.heavy"))
                    .isPositive();
            List<Profile> local = Profiles.readLocal(out);
            assertThat(local).isNotEmpty().allSatisfy(Profiles::assertConsistent);

            ForkedJvm again = ForkedJvm.java(ForkedJvm.JAVA_17)
                    .startJar("attach-again", "attach", String.valueOf(app.pid()), "output=" + out);
            assertThat(again.waitFor(Duration.ofSeconds(30))).isZero();
            assertThat(app.awaitStderr("agent already running in this JVM", Duration.ofSeconds(10)))
                    .isTrue();
            assertThat(app.waitFor(Duration.ofSeconds(120))).isZero();
        }
    }
}
