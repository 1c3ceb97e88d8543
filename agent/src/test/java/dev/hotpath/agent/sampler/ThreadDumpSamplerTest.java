package dev.hotpath.agent.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.hotpath.agent.labels.LabelBridge;
import dev.hotpath.agent.labels.LabelRegistry;
import dev.hotpath.proto.v1.SamplingEngine;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Thread-dump sampling of this test JVM: cpu and wall find their workloads, alloc and lock are refused. */
class ThreadDumpSamplerTest {
    private final ThreadDumpSampler sampler = new ThreadDumpSampler();

    @AfterEach
    void stopSampler() {
        sampler.stop();
    }

    private CollectingSink sample(SamplerSettings settings, AsyncProfilerSamplerTest.Workload workload)
            throws Exception {
        sampler.start(settings);
        workload.run();
        CollectingSink sink = new CollectingSink();
        sampler.drainTo(sink);
        return sink;
    }

    private static SamplerSettings settings(ProfileType first, ProfileType... rest) {
        return new SamplerSettings(EnumSet.of(first, rest), 10, 1000);
    }

    @Test
    void cpu_twoBusyMethods_findsBothWithTheirShareOfTime() throws Exception {
        CollectingSink sink = sample(
                settings(ProfileType.CPU),
                () -> Workloads.onThread("workload-cpu", () -> Workloads.spinTwoToOne(2_400)));

        long a = sink.samples(ProfileType.CPU, Workloads.SPIN_A);
        long b = sink.samples(ProfileType.CPU, Workloads.SPIN_B);
        assertThat(a + b).as("samples in the workload").isGreaterThan(60);
        // Wider tolerance than async-profiler: dumps see the threads at safepoints only.
        assertThat((double) a / (a + b)).as("share of spinA").isCloseTo(2.0 / 3, within(0.15));
        assertThat(sink.value(ProfileType.CPU, Workloads.SPIN_A)).isEqualTo(a * 10_000_000L);
        assertThat(sink.of(ProfileType.CPU))
                .allSatisfy(e -> assertThat(e.state).isIn(ThreadState.RUNNABLE, ThreadState.NATIVE));
        assertThat(sink.of(ProfileType.WALL)).isEmpty();
        assertThat(sampler.engine()).isEqualTo(SamplingEngine.SAMPLING_ENGINE_THREAD_DUMP);
    }

    @Test
    void labels_threadInAScope_itsDumpedSamplesCarryItsCurrentLabelsOthersNone() throws Exception {
        LabelRegistry labels = new LabelRegistry(1 << 20);
        sampler.useLabels(labels);
        Map<String, String> tenant = Collections.singletonMap("tenant", "a");
        List<String[]> seen = new ArrayList<>();
        SampleSink sink = new SampleSink() {
            @Override
            public void add(ProfileType type, String[] frames, int depth, ThreadState state, long samples, long value) {
                throw new AssertionError("the engine passes labels");
            }

            @Override
            public void add(
                    ProfileType type,
                    String[] frames,
                    int depth,
                    ThreadState state,
                    String[] labelPairs,
                    long samples,
                    long value) {
                for (int i = 0; i < depth; i++) {
                    if (frames[i].equals(Workloads.SLEEP)) {
                        seen.add(labelPairs);
                    }
                }
            }
        };
        sampler.start(settings(ProfileType.WALL));
        // The registry's hook is what hotpath-api calls; enter labels the calling thread.
        ToIntFunction<Map<String, String>> enter = registryHook(labels);
        Workloads.onThread("workload-labelled", () -> {
            enter.applyAsInt(tenant);
            Workloads.sleep(500);
        });
        Workloads.onThread("workload-unlabelled", () -> Workloads.sleep(500));
        sampler.drainTo(sink);
        assertThat(seen).hasSizeGreaterThan(1);
        assertThat(seen).anySatisfy(p -> assertThat(p).containsExactly("tenant", "a"));
        assertThat(seen).anySatisfy(p -> assertThat(p).isEmpty());
        assertThat(seen)
                .allSatisfy(p -> assertThat(p)
                        .satisfiesAnyOf(
                                pairs -> assertThat(pairs).isEmpty(),
                                pairs -> assertThat(pairs).containsExactly("tenant", "a")));
    }

    @SuppressWarnings("unchecked")
    private static ToIntFunction<Map<String, String>> registryHook(LabelRegistry labels) {
        LabelBridge.install(labels);
        try {
            return (ToIntFunction<Map<String, String>>) LabelBridge.hook();
        } finally {
            LabelBridge.install(null);
        }
    }

    @Test
    void wall_sleepingThread_seenTimedWaiting() throws Exception {
        CollectingSink sink = sample(
                settings(ProfileType.WALL, ProfileType.CPU),
                () -> Workloads.onThread("workload-sleep", () -> Workloads.sleep(1_000)));

        long sleeping = sink.sum(
                ProfileType.WALL,
                e -> e.frames.contains(Workloads.SLEEP) && e.state == ThreadState.TIMED_WAITING,
                false);
        assertThat(sleeping).isGreaterThan(20);
        assertThat(sink.samples(ProfileType.CPU, Workloads.SLEEP)).isZero();
    }

    @Test
    void cpu_threadBlockedInNativeAccept_onlyInWallAsNative() throws Exception {
        CollectingSink sink = sample(
                settings(ProfileType.CPU, ProfileType.WALL),
                () -> Workloads.onThread("workload-accept", () -> Workloads.accept(1_000)));

        long nativeWall = sink.sum(
                ProfileType.WALL, e -> e.frames.contains(Workloads.ACCEPT) && e.state == ThreadState.NATIVE, false);
        assertThat(nativeWall).isGreaterThan(20);
        // Only setting up the socket and the first dump (CPU time not yet known) may count as CPU.
        assertThat(sink.samples(ProfileType.CPU, Workloads.ACCEPT)).isLessThan(nativeWall / 10);
    }

    @Test
    void depth_deepRecursion_deliversAtMostMaxDepthPlusOneFrames() throws Exception {
        CollectingSink sink = sample(
                new SamplerSettings(EnumSet.of(ProfileType.CPU), 10, 20),
                () -> Workloads.onThread("workload-deep", () -> Workloads.recurse(100, 800)));

        assertThat(sink.entries)
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.frames).hasSizeLessThanOrEqualTo(21));
        assertThat(sink.entries).anySatisfy(e -> {
            assertThat(e.frames).hasSize(21);
            assertThat(e.frames.get(20)).isEqualTo(Workloads.RECURSE);
        });
    }

    @Test
    void start_newSettings_replacesTheRunningSession() throws Exception {
        sampler.start(settings(ProfileType.CPU));
        Workloads.onThread("workload-cpu", () -> Workloads.spinA(300_000_000L));
        sampler.start(settings(ProfileType.WALL));
        Workloads.onThread("workload-sleep", () -> Workloads.sleep(500));
        CollectingSink sink = new CollectingSink();
        sampler.drainTo(sink);

        assertThat(sink.of(ProfileType.CPU)).isEmpty();
        assertThat(sink.samples(ProfileType.WALL, Workloads.SLEEP)).isGreaterThan(0);
    }

    @Test
    void cpu_ownThreads_leftOut() throws Exception {
        CollectingSink sink = sample(settings(ProfileType.CPU, ProfileType.WALL), () -> {
            Workloads.onThread("hotpath-test", () -> Workloads.spinA(600_000_000L));
            Workloads.onThread("workload-cpu", () -> Workloads.spinB(600_000_000L));
        });

        assertThat(sink.samples(ProfileType.CPU, Workloads.SPIN_B)).isGreaterThan(10);
        assertThat(sink.samples(ProfileType.CPU, Workloads.SPIN_A)).isZero();
        assertThat(sink.samples(ProfileType.WALL, Workloads.SPIN_A)).isZero();
        // The sampler's own thread is a hotpath- thread too.
        String samplerLoop = ThreadDumpSampler.class.getName() + "$Loop.";
        assertThat(sink.entries).noneMatch(e -> e.frames.stream().anyMatch(f -> f.startsWith(samplerLoop)));
    }

    @Test
    void start_onlyAllocAndLock_rejectedNamingWhatThreadDumpsSample() {
        assertThat(sampler.supportedTypes()).containsExactlyInAnyOrder(ProfileType.CPU, ProfileType.WALL);
        assertThatThrownBy(() -> sampler.start(settings(ProfileType.ALLOC, ProfileType.LOCK)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("thread dumps cannot sample [ALLOC, LOCK]")
                .hasMessageContaining("need async-profiler");
    }

    @Test
    void start_nonPositiveDepth_rejectedNamingTheSettings() {
        assertThatThrownBy(() -> sampler.start(new SamplerSettings(EnumSet.of(ProfileType.CPU), 10, 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxStackDepth=0");
    }

    @Test
    void stop_afterSampling_endsTheSamplerThreadAndDiscardsSamples() throws Exception {
        sampler.start(settings(ProfileType.WALL));
        Workloads.sleep(100);
        sampler.stop();
        CollectingSink sink = new CollectingSink();
        sampler.drainTo(sink);

        assertThat(sink.entries).isEmpty();
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().equals(ThreadDumpSampler.THREAD_NAME));
    }

    @Test
    void stateOf_everyThreadState_mapsNativeCodeApart() {
        assertThat(ThreadDumpSampler.stateOf(Thread.State.RUNNABLE, false)).isEqualTo(ThreadState.RUNNABLE);
        assertThat(ThreadDumpSampler.stateOf(Thread.State.RUNNABLE, true)).isEqualTo(ThreadState.NATIVE);
        assertThat(ThreadDumpSampler.stateOf(Thread.State.BLOCKED, false)).isEqualTo(ThreadState.BLOCKED);
        assertThat(ThreadDumpSampler.stateOf(Thread.State.WAITING, false)).isEqualTo(ThreadState.WAITING);
        assertThat(ThreadDumpSampler.stateOf(Thread.State.TIMED_WAITING, false)).isEqualTo(ThreadState.TIMED_WAITING);
        assertThat(ThreadDumpSampler.stateOf(Thread.State.NEW, false)).isEqualTo(ThreadState.UNKNOWN);
        assertThat(ThreadDumpSampler.stateOf(Thread.State.TERMINATED, false)).isEqualTo(ThreadState.UNKNOWN);
    }
}
