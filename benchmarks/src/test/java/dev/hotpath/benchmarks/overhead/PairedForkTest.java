package dev.hotpath.benchmarks.overhead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's side of the probe protocol, against a shell script speaking it (a real child process). */
class PairedForkTest {

    @Test
    void cycle_offPhaseFirst_pairedWithTheOnPhaseAndConsoleKeepsAllOutput(@TempDir Path work) throws Exception {
        String script = "echo 'agent: started'; echo 'paired-probe ready'; read c; echo \"got $c\";"
                + " echo 'paired-probe off 500 100 100 0 1000'; echo 'paired-probe on 500 100 150 2 1000';"
                + " echo 'paired-probe done'; read e; echo 'agent: stopped'";

        try (PairedFork fork = PairedFork.start(
                Variant.HOTPATH_1MS, List.of("sh", "-c", script), work.resolve("console.txt"), 10_000)) {
            PairedCycle cycle = fork.cycle(1, 10_000);
            String console = fork.finish(10_000);

            assertThat(cycle.on().processCpuNanos()).isEqualTo(150);
            assertThat(cycle.off().ops()).isEqualTo(500);
            assertThat(console).contains("agent: started", "got cycle 1", "agent: stopped");
        }
    }

    @Test
    void cycle_probeAnswersOutOfProtocol_throwsNamingTheAnswerAndConsole(@TempDir Path work) throws Exception {
        String script = "echo 'paired-probe ready'; read c; echo 'paired-probe on 500 100 150 2 1000';"
                + " echo 'paired-probe on 500 100 150 2 1000'; echo 'paired-probe done'; read e";

        try (PairedFork fork = PairedFork.start(
                Variant.ASYNC_PROFILER_1MS, List.of("sh", "-c", script), work.resolve("console.txt"), 10_000)) {
            assertThatThrownBy(() -> fork.cycle(0, 10_000))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("two phases with the profiler on");
        }
    }

    @Test
    void start_probeExitsBeforeReady_throwsWithItsConsole(@TempDir Path work) {
        assertThatThrownBy(() -> PairedFork.start(
                        Variant.HOTPATH_1MS,
                        List.of("sh", "-c", "echo 'Error: could not load agent'; exit 3"),
                        work.resolve("console.txt"),
                        10_000))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ended")
                .hasMessageContaining("could not load agent");
    }
}
