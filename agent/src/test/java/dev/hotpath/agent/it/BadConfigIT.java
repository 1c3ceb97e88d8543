package dev.hotpath.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.agent.it.workload.SplitWorkload;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JVM started with bad settings from every source still runs its workload and is profiled with defaults. */
class BadConfigIT {

    @Test
    void agent_badValuesInEverySource_printsOneLineEachAndKeepsTheHostRunning(@TempDir Path out) throws Exception {
        try (ForkedJvm jvm = ForkedJvm.java(ForkedJvm.JAVA_17)
                .jvmOption("-Dhotpath.memoryUsageLimitPercent=200")
                .env("HOTPATH_HEAP_SUMMARY", "maybe")
                .agent("output=" + out
                        + ",samplingIntervalInMilliseconds=fast,maxStackDepth=-1,profiles=cpu,gpu,bogus=1"
                        + ",engine=jfr,collector=nohost,config=/no/such/file.properties"
                        + ",reportingIntervalInMilliseconds=1000,minimumTimeForReportingInMilliseconds=1000")
                .start("bad-config", SplitWorkload.class, "6")) {

            assertThat(jvm.waitFor(Duration.ofSeconds(180))).isZero();

            assertThat(jvm.stdout()).contains("workload done");
            assertThat(jvm.agentLines())
                    .contains(
                            "hotpath: invalid samplingIntervalInMilliseconds='fast' from agent arguments: not a whole number;"
                                    + " using default 10",
                            "hotpath: invalid maxStackDepth='-1' from agent arguments: outside 1..8192; using default 1000",
                            "hotpath: invalid profiles='cpu,gpu' from agent arguments: unknown profile type 'gpu'; using default cpu",
                            "hotpath: unknown setting 'bogus' in agent arguments is ignored",
                            "hotpath: invalid engine='jfr' from agent arguments: not async or threaddump; using default async",
                            "hotpath: invalid collector='nohost' from agent arguments: not HOST:PORT; using default \"\"",
                            "hotpath: cannot read config file '/no/such/file.properties' (java.nio.file.NoSuchFileException:"
                                    + " /no/such/file.properties); its settings are ignored",
                            "hotpath: invalid memoryUsageLimitPercent='200' from system property hotpath.memoryUsageLimitPercent:"
                                    + " outside 1..50; using default 10",
                            "hotpath: invalid heapSummary='maybe' from environment HOTPATH_HEAP_SUMMARY: not true or false;"
                                    + " using default false");
            assertThat(jvm.agentLines())
                    .anySatisfy(line -> assertThat(line)
                            .startsWith("hotpath: agent ")
                            .contains("engine=async-profiler")
                            .contains("profiles=cpu")
                            .contains("destination=output " + out));
            assertThat(Profiles.readLocal(out)).isNotEmpty().allSatisfy(Profiles::assertConsistent);
        }
    }
}
