package dev.hotpath.benchmarks.overhead;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.benchmarks.RunMode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverheadIT {
    private static final RunMode ONE_SHORT_ROUND = new RunMode("it", 1, 1, 1, 1, 1, 1, 2);

    @Test
    void run_hotpathAndAsyncProfilerForks_profilersReallyRanAndWorkloadWasMeasured(@TempDir Path work)
            throws Exception {
        Path agentJar = Paths.get(System.getProperty("hotpath.agentJar"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        OverheadReport report = OverheadRunner.run(
                ONE_SHORT_ROUND,
                agentJar,
                work,
                new PrintStream(log, true, StandardCharsets.UTF_8),
                List.of(Variant.NONE, Variant.HOTPATH_10MS, Variant.ASYNC_PROFILER_10MS));

        assertThat(report.measurements()).hasSize(3).allSatisfy(fork -> {
            assertThat(fork.opsPerSecond()).isPositive();
            assertThat(fork.cpuNanos()).isPositive();
            assertThat(fork.wallNanos()).isGreaterThanOrEqualTo(1_000_000_000L);
            assertThat(fork.rssKib()).isPositive();
        });
        // The agent wrote at least one local report (a .pb.gz and its metadata): it sampled during the fork.
        assertThat(report.measurements())
                .filteredOn(fork -> fork.variant() == Variant.HOTPATH_10MS)
                .singleElement()
                .satisfies(fork -> {
                    assertThat(fork.outputFiles()).isGreaterThanOrEqualTo(2);
                    // The meter found the agent's threads by name: starting async-profiler alone takes CPU on them.
                    assertThat(fork.agentWarmupCpuNanos()).isPositive();
                });
        assertThat(report.measurements())
                .filteredOn(fork -> !fork.variant().isHotpath())
                .allSatisfy(fork -> assertThat(fork.agentCpuNanos() + fork.agentWarmupCpuNanos())
                        .isZero());
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("ASYNC_PROFILER_10MS");
    }
}
