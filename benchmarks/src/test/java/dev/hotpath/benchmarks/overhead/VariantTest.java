package dev.hotpath.benchmarks.overhead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hotpath.agent.sampler.AsyncProfilerSampler;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;

class VariantTest {
    private static final ProfilerTools TOOLS =
            new ProfilerTools(Paths.get("/a/hotpath-agent.jar"), Paths.get("/a/libasyncProfiler.so"));
    private static final Path OUT = Paths.get("/out");

    @Test
    void jvmArgs_noProfiler_none() {
        assertThat(Variant.NONE.jvmArgs(TOOLS, OUT)).isEmpty();
    }

    @Test
    void jvmArgs_hotpathAllTypes_agentWithEveryTypeIntervalAndLocalOutput() {
        assertThat(Variant.HOTPATH_ALL_10MS.jvmArgs(TOOLS, OUT))
                .singleElement()
                .asString()
                .startsWith("-javaagent:/a/hotpath-agent.jar=output=/out,")
                .contains("samplingIntervalInMilliseconds=10")
                .contains("profiles=cpu+alloc+lock+wall");
    }

    @Test
    void jvmArgs_asyncProfilerAndHotpathAtOneMillisecond_sameInterval() {
        assertThat(Variant.ASYNC_PROFILER_1MS.jvmArgs(TOOLS, OUT))
                .singleElement()
                .asString()
                .startsWith("-agentpath:/a/libasyncProfiler.so=start,event=cpu,interval=1ms,");
        assertThat(Variant.HOTPATH_1MS.jvmArgs(TOOLS, OUT))
                .singleElement()
                .asString()
                .contains("samplingIntervalInMilliseconds=1,")
                .doesNotContain("profiles=");
    }

    @Test
    void asyncProfilerAllTypes_hotpathsOwnCommandForEveryTypeIntoOneJfrFile() throws Exception {
        ProfilerTools tools = new ProfilerTools(realAgentJar(), Paths.get("/a/libasyncProfiler.so"));

        String start = Variant.ASYNC_PROFILER_ALL_10MS.asyncProfilerStart(tools, OUT);

        assertThat(start)
                .startsWith("start,event=cpu,interval=10ms,wall=10ms,alloc=")
                .contains(",lock=")
                .endsWith(",file=/out/async-profiler.jfr,jfr");
        assertThat(Variant.ASYNC_PROFILER_ALL_10MS.jvmArgs(tools, OUT))
                .containsExactly("-agentpath:/a/libasyncProfiler.so=" + start);
        assertThat(Variant.ASYNC_PROFILER_ALL_10MS.pairedSwitchArgs(tools, OUT, Paths.get("/unused")))
                .containsExactly("async-profiler", "/a/libasyncProfiler.so", start);
        assertThat(Variant.ASYNC_PROFILER_ALL_10MS.samplesCpuOnly()).isFalse();
    }

    @Test
    void allTypesPartsAt10x_eachHotpathCommandWithTenTimesItsEventRate() throws Exception {
        ProfilerTools tools = new ProfilerTools(realAgentJar(), Paths.get("/a/libasyncProfiler.so"));
        String all = Variant.ASYNC_PROFILER_ALL_10MS.asyncProfilerStart(tools, OUT);

        assertThat(all).contains(",alloc=524288,", ",lock=10000000ns,");
        assertThat(Variant.ASYNC_PROFILER_WALL_X10.asyncProfilerStart(tools, OUT))
                .startsWith("start,wall=1ms,")
                .doesNotContain("event=", "alloc=", "lock=");
        assertThat(Variant.ASYNC_PROFILER_ALLOC_X10.asyncProfilerStart(tools, OUT))
                .startsWith("start,alloc=52428,")
                .doesNotContain("wall=", "lock=");
        assertThat(Variant.ASYNC_PROFILER_LOCK_X10.asyncProfilerStart(tools, OUT))
                .startsWith("start,lock=1000000ns,");
        assertThat(Variant.ALL_TYPES_PARTS_AT_10X).contains(Variant.ASYNC_PROFILER_1MS);
        // The parts need pairing to stand out; the forks measure the rest, async-profiler's all-types floor included.
        assertThat(Variant.forked())
                .contains(Variant.ASYNC_PROFILER_ALL_10MS, Variant.ASYNC_PROFILER_1MS)
                .doesNotContain(
                        Variant.ASYNC_PROFILER_WALL_X10,
                        Variant.ASYNC_PROFILER_ALLOC_X10,
                        Variant.ASYNC_PROFILER_LOCK_X10);
    }

    private static Path realAgentJar() throws Exception {
        // Compiled against, so on the test class path: the commands are asked of it.
        return Paths.get(AsyncProfilerSampler.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
    }

    @Test
    void hotpathAllTypesCommand_notAnAgentJar_failsNamingTheJar() {
        assertThatThrownBy(() -> TOOLS.hotpathCommand(List.of("CPU"), 10, OUT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/a/hotpath-agent.jar");
    }

    @Test
    void jvmArgs_jfr_profileSettingsIntoOutputDirectory() {
        assertThat(Variant.JFR_PROFILE.jvmArgs(TOOLS, OUT))
                .containsExactly("-XX:StartFlightRecording=settings=profile,filename=/out/recording.jfr");
    }
}
