package dev.hotpath.agent.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Engine selection and the engine setting. */
class EngineSelectionTest {

    @Test
    void choose_threadDumpPreferred_threadDumpsWithReason() {
        EngineSelection selection = EngineSelection.choose(EnginePreference.THREAD_DUMP, false);

        assertThat(selection.sampler()).isInstanceOf(ThreadDumpSampler.class);
        assertThat(selection.reason()).contains("engine=threaddump");
    }

    @Test
    void choose_asyncOnLinuxX64_asyncProfilerWithVersion() {
        EngineSelection selection = EngineSelection.choose(EnginePreference.ASYNC, false);

        assertThat(selection.sampler()).isInstanceOf(AsyncProfilerSampler.class);
        assertThat(selection.reason()).startsWith("async-profiler 4.2");
    }

    @Test
    void fromKey_everyPreference_roundTrips() {
        for (EnginePreference preference : EnginePreference.values()) {
            assertThat(EnginePreference.fromKey(preference.key())).isEqualTo(preference);
        }
    }

    @Test
    void fromKey_unknownEngine_rejectedNamingTheChoices() {
        assertThatThrownBy(() -> EnginePreference.fromKey("jfr"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("engine must be async or threaddump, not 'jfr'");
    }
}
