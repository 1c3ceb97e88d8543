package dev.hotpath.benchmarks.footprint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Paths;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FootprintIT {

    @Test
    void measure_shadedAgentInChildJvm_heapNearAgentsOwnEstimateAndReportCompressed() throws Exception {
        Map<String, Long> values = FootprintRunner.measure(Paths.get(System.getProperty("hotpath.agentJar")));

        assertThat(values)
                .containsEntry("stacks", (long) FootprintRunner.HEAP_STACKS)
                .containsEntry("reportStacks", (long) FootprintRunner.REPORT_STACKS);
        // The agent's memory limit trusts its estimate: the heap really held must be of the same size.
        assertThat(values.get("heapBytes"))
                .isBetween(values.get("estimatedBytes") / 2, values.get("estimatedBytes") * 2);
        assertThat(values.get("reportGzipBytes")).isPositive().isLessThan(values.get("reportBytes"));
    }
}
