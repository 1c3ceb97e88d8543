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

class PairedIT {
    private static final RunMode TWO_CYCLES = new RunMode("it", 1, 1, 1, 1, 1, 1, 2);

    @Test
    void run_hotpathAndAsyncProfilerSwitchedInOneJvm_everyPhaseMeasuredAndAgentObeyedItsKillSwitch(@TempDir Path work)
            throws Exception {
        Path agentJar = Paths.get(System.getProperty("hotpath.agentJar"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        // The runner itself fails unless the agent logged one stop and one resume per switch of its kill switch.
        PairedReport report = PairedRunner.run(
                TWO_CYCLES,
                agentJar,
                work,
                new PrintStream(log, true, StandardCharsets.UTF_8),
                List.of(Variant.HOTPATH_1MS, Variant.ASYNC_PROFILER_1MS, Variant.ASYNC_PROFILER_ALL_10MS),
                3_000);

        for (Variant variant : List.of(Variant.HOTPATH_1MS, Variant.ASYNC_PROFILER_1MS)) {
            assertThat(report.processCpuCostPercent(variant).count()).isEqualTo(2);
            assertThat(report.cpuMicrosPerSample(variant).median()).isFinite();
        }
        // The agent's threads ran while it sampled (drains every second at 1 ms).
        assertThat(report.agentThreadsCpuPercent(Variant.HOTPATH_1MS).max()).isPositive();
        assertThat(report.markdownTable()).contains("Hotpath above async-profiler alone");
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("paired ASYNC_PROFILER_1MS      cycle  2");
        // async-profiler took hotpath's all-types command: started, sampled and wrote its recording at each stop.
        assertThat(report.processCpuCostMean(Variant.ASYNC_PROFILER_ALL_10MS)
                        .orElseThrow()
                        .count())
                .isEqualTo(2);
        assertThat(work.resolve("paired-async_profiler_all_10ms/output/async-profiler.jfr"))
                .isNotEmptyFile();
    }
}
