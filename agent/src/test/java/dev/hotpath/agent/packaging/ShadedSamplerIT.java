package dev.hotpath.agent.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Samples in a forked JVM whose only hotpath classes come from the shaded jar: the nested
 * async-profiler and the relocated JFR reader work after packaging, and nothing is left in the
 * temp dir after exit.
 */
class ShadedSamplerIT {
    @TempDir
    Path tmp;

    @Test
    void asyncEngine_shadedJar_samplesEveryTypeAndCleansUp() throws Exception {
        String output = ProbeProcess.run(tmp, "async");

        assertThat(output).containsPattern("engine=SAMPLING_ENGINE_ASYNC_PROFILER_(PERF|ITIMER)");
        assertThat(output).contains("CPU=", "WALL=", "ALLOC=");
        assertThat(ProbeProcess.burnSamples(output)).as(output).isGreaterThan(30);
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).as("files left in java.io.tmpdir").isEmpty();
        }
    }

    @Test
    void threadDumpEngine_shadedJar_samplesCpuAndWall() throws Exception {
        String output = ProbeProcess.run(tmp, "threaddump");

        assertThat(output).contains("engine=SAMPLING_ENGINE_THREAD_DUMP", "CPU=", "WALL=");
        assertThat(output).doesNotContain("ALLOC=");
        assertThat(ProbeProcess.burnSamples(output)).as(output).isGreaterThan(30);
    }
}
