package dev.hotpath.agent.sampler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.proto.v1.SamplingEngine;
import org.junit.jupiter.api.Test;

/** The choice of CPU sampling event from what the kernel permits. */
class CpuEngineChoiceTest {

    @Test
    void choose_perfPermitted_usesPerfEvents() {
        CpuEngineChoice choice = CpuEngineChoice.choose(false, null, null);

        assertThat(choice.event()).isEqualTo("cpu");
        assertThat(choice.engine()).isEqualTo(SamplingEngine.SAMPLING_ENGINE_ASYNC_PROFILER_PERF);
    }

    @Test
    void choose_perfRefused_usesCtimerAndSaysWhy() {
        CpuEngineChoice choice = CpuEngineChoice.choose(false, "Perf events unavailable", null);

        assertThat(choice.event()).isEqualTo("ctimer");
        assertThat(choice.engine()).isEqualTo(SamplingEngine.SAMPLING_ENGINE_ASYNC_PROFILER_ITIMER);
        assertThat(choice.reason()).contains("perf_events refused (Perf events unavailable)");
    }

    @Test
    void choose_timerForced_skipsPermittedPerfEvents() {
        CpuEngineChoice choice = CpuEngineChoice.choose(true, null, null);

        assertThat(choice.event()).isEqualTo("ctimer");
        assertThat(choice.reason()).contains("skipped by setting");
    }

    @Test
    void choose_perfAndCtimerRefused_usesItimer() {
        CpuEngineChoice choice = CpuEngineChoice.choose(false, "Perf events unavailable", "Unsupported event type");

        assertThat(choice.event()).isEqualTo("itimer");
        assertThat(choice.engine()).isEqualTo(SamplingEngine.SAMPLING_ENGINE_ASYNC_PROFILER_ITIMER);
        assertThat(choice.reason()).contains("ctimer refused (Unsupported event type)");
    }
}
