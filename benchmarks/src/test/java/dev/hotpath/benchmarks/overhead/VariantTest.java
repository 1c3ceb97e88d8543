package dev.hotpath.benchmarks.overhead;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.nio.file.Paths;
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
    assertThat(Variant.HOTPATH_ALL_10MS.jvmArgs(TOOLS, OUT)).singleElement().asString()
        .startsWith("-javaagent:/a/hotpath-agent.jar=output=/out,")
        .contains("samplingIntervalInMilliseconds=10")
        .contains("profiles=cpu+alloc+lock+wall");
  }

  @Test
  void jvmArgs_asyncProfilerAndHotpathAtOneMillisecond_sameInterval() {
    assertThat(Variant.ASYNC_PROFILER_1MS.jvmArgs(TOOLS, OUT)).singleElement().asString()
        .startsWith("-agentpath:/a/libasyncProfiler.so=start,event=cpu,interval=1ms,");
    assertThat(Variant.HOTPATH_1MS.jvmArgs(TOOLS, OUT)).singleElement().asString()
        .contains("samplingIntervalInMilliseconds=1,").doesNotContain("profiles=");
  }

  @Test
  void asyncProfilerAllTypes_hotpathsOwnCommandForEveryTypeIntoOneJfrFile() {
    String start = Variant.ASYNC_PROFILER_ALL_10MS.asyncProfilerStart(OUT);

    assertThat(start).startsWith("start,event=cpu,interval=10ms,wall=10ms,alloc=").contains(",lock=")
        .endsWith(",file=/out/async-profiler.jfr,jfr");
    assertThat(Variant.ASYNC_PROFILER_ALL_10MS.jvmArgs(TOOLS, OUT))
        .containsExactly("-agentpath:/a/libasyncProfiler.so=" + start);
    assertThat(Variant.ASYNC_PROFILER_ALL_10MS.pairedSwitchArgs(TOOLS, OUT, Paths.get("/unused")))
        .containsExactly("async-profiler", "/a/libasyncProfiler.so", start);
    assertThat(Variant.ASYNC_PROFILER_ALL_10MS.samplesCpuOnly()).isFalse();
  }

  @Test
  void jvmArgs_jfr_profileSettingsIntoOutputDirectory() {
    assertThat(Variant.JFR_PROFILE.jvmArgs(TOOLS, OUT))
        .containsExactly("-XX:StartFlightRecording=settings=profile,filename=/out/recording.jfr");
  }
}
