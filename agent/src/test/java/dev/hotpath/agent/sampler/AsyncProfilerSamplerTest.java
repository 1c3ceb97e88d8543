package dev.hotpath.agent.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.hotpath.proto.v1.SamplingEngine;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** async-profiler sampling this test JVM for real: each profile type finds its workload. */
class AsyncProfilerSamplerTest {
    private AsyncProfilerSampler sampler;

    @AfterEach
    void stopSampler() {
        if (sampler != null) {
            sampler.stop();
        }
    }

    private CollectingSink sample(boolean forceTimer, SamplerSettings settings, Workload workload) throws Exception {
        sampler = new AsyncProfilerSampler(forceTimer);
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
    void cpu_twoBusyMethods_findsBothWithTheirShareOfCpu() throws Exception {
        CollectingSink sink = sample(
                false,
                settings(ProfileType.CPU),
                () -> Workloads.onThread("workload-cpu", () -> Workloads.spinTwoToOne(2_400)));

        long a = sink.samples(ProfileType.CPU, Workloads.SPIN_A);
        long b = sink.samples(ProfileType.CPU, Workloads.SPIN_B);
        assertThat(a + b).as("samples in the workload").isGreaterThan(100);
        assertThat((double) a / (a + b)).as("share of spinA").isCloseTo(2.0 / 3, within(0.12));
        assertThat(sink.of(ProfileType.CPU)).allSatisfy(e -> {
            assertThat(e.state).isEqualTo(ThreadState.RUNNABLE);
            // Native frames are named by their symbol, not prefixed with their library.
            assertThat(e.frames).noneMatch(frame -> frame.startsWith("libjvm.so"));
        });
        // One sample per 10 ms of CPU: the value is the CPU time the samples stand for.
        assertThat(sink.value(ProfileType.CPU, Workloads.SPIN_A)).isEqualTo(a * 10_000_000L);
        assertThat(sampler.engine())
                .isIn(
                        SamplingEngine.SAMPLING_ENGINE_ASYNC_PROFILER_PERF,
                        SamplingEngine.SAMPLING_ENGINE_ASYNC_PROFILER_ITIMER);
    }

    @Test
    void cpu_timerForced_samplesWithTimerEngine() throws Exception {
        CollectingSink sink = sample(
                true,
                settings(ProfileType.CPU, ProfileType.WALL),
                () -> Workloads.onThread("workload-cpu", () -> Workloads.spinTwoToOne(1_500)));

        assertThat(sampler.engine()).isEqualTo(SamplingEngine.SAMPLING_ENGINE_ASYNC_PROFILER_ITIMER);
        assertThat(sampler.description()).contains("ctimer");
        long a = sink.samples(ProfileType.CPU, Workloads.SPIN_A);
        long b = sink.samples(ProfileType.CPU, Workloads.SPIN_B);
        assertThat(a + b).isGreaterThan(60);
        assertThat((double) a / (a + b)).isCloseTo(2.0 / 3, within(0.15));
        // Timer CPU samples and wall samples are still told apart in one recording.
        assertThat(sink.samples(ProfileType.WALL, Workloads.SPIN_A)).isGreaterThan(0);
    }

    @Test
    void alloc_allocatingMethod_foundWithAboutTheBytesItAllocated() throws Exception {
        long[] bytes = new long[1];
        CollectingSink sink = sample(
                false,
                settings(ProfileType.ALLOC),
                () -> Workloads.onThread("workload-alloc", () -> bytes[0] = Workloads.allocate(512L << 20)));

        long found = sink.value(ProfileType.ALLOC, Workloads.ALLOCATE);
        assertThat(sink.samples(ProfileType.ALLOC, Workloads.ALLOCATE)).isGreaterThan(100);
        assertThat((double) found / bytes[0])
                .as("sampled bytes / allocated bytes")
                .isBetween(0.5, 1.5);
        assertThat(sink.of(ProfileType.CPU)).isEmpty();
    }

    @Test
    void lock_contendedMonitor_foundInTheWaitingMethod() throws Exception {
        CollectingSink sink = sample(false, settings(ProfileType.LOCK), () -> Workloads.contend(2, 20, 50));

        assertThat(sink.samples(ProfileType.LOCK, Workloads.ENTER_MONITOR)).isGreaterThan(0);
        // Two waiters blocked for most of 20 x 50 ms.
        assertThat(sink.value(ProfileType.LOCK, Workloads.ENTER_MONITOR)).isGreaterThan(500_000_000L);
        assertThat(sink.of(ProfileType.LOCK))
                .allSatisfy(e -> assertThat(e.state).isEqualTo(ThreadState.BLOCKED));
    }

    @Test
    void wall_sleepingThread_seenOffCpu() throws Exception {
        CollectingSink sink = sample(
                false,
                settings(ProfileType.WALL),
                () -> Workloads.onThread("workload-sleep", () -> Workloads.sleep(1_500)));

        long sleeping = sink.sum(
                ProfileType.WALL, e -> e.frames.contains(Workloads.SLEEP) && e.state == ThreadState.WAITING, false);
        assertThat(sleeping).isGreaterThan(20);
        // Wall samples stand for the wall time they cover: about the 1.5 s the thread slept.
        long sleptNanos = sink.sum(ProfileType.WALL, e -> e.frames.contains(Workloads.SLEEP), true);
        assertThat(sleptNanos).isBetween(750_000_000L, 2_250_000_000L);
        assertThat(sampler.engine()).isEqualTo(SamplingEngine.SAMPLING_ENGINE_ASYNC_PROFILER);
    }

    @Test
    void depth_deepRecursion_deliversAtMostMaxDepthPlusOneFrames() throws Exception {
        CollectingSink sink = sample(
                false,
                new SamplerSettings(EnumSet.of(ProfileType.CPU), 10, 20),
                () -> Workloads.onThread("workload-deep", () -> Workloads.recurse(100, 1_000)));

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
        sampler = new AsyncProfilerSampler(false);
        sampler.start(settings(ProfileType.CPU));
        Workloads.onThread("workload-cpu", () -> Workloads.spinTwoToOne(300));
        sampler.start(settings(ProfileType.ALLOC));
        Workloads.onThread("workload-alloc", () -> Workloads.allocate(64L << 20));
        CollectingSink sink = new CollectingSink();
        sampler.drainTo(sink);

        assertThat(sink.of(ProfileType.CPU)).isEmpty();
        assertThat(sink.samples(ProfileType.ALLOC, Workloads.ALLOCATE)).isGreaterThan(0);
    }

    @Test
    void drainTo_twice_secondDrainHasOnlyNewSamples() throws Exception {
        sampler = new AsyncProfilerSampler(false);
        sampler.start(settings(ProfileType.CPU));
        Workloads.onThread("workload-cpu", () -> Workloads.spinA(600_000_000L));
        CollectingSink first = new CollectingSink();
        sampler.drainTo(first);
        Workloads.onThread("workload-cpu", () -> Workloads.spinB(600_000_000L));
        CollectingSink second = new CollectingSink();
        sampler.drainTo(second);

        assertThat(first.samples(ProfileType.CPU, Workloads.SPIN_A)).isGreaterThan(20);
        assertThat(second.samples(ProfileType.CPU, Workloads.SPIN_B)).isGreaterThan(20);
        assertThat(second.samples(ProfileType.CPU, Workloads.SPIN_A)).isZero();
    }

    @Test
    void cpu_ownThreads_leftOut() throws Exception {
        CollectingSink sink = sample(false, settings(ProfileType.CPU, ProfileType.WALL), () -> {
            Workloads.onThread("hotpath-test", () -> Workloads.spinA(800_000_000L));
            Workloads.onThread("workload-cpu", () -> Workloads.spinB(800_000_000L));
        });

        assertThat(sink.samples(ProfileType.CPU, Workloads.SPIN_B)).isGreaterThan(20);
        assertThat(sink.samples(ProfileType.CPU, Workloads.SPIN_A)).isZero();
        assertThat(sink.samples(ProfileType.WALL, Workloads.SPIN_A)).isZero();
    }

    @Test
    void drainTo_rightAfterStart_readsTheNearlyEmptyRecordingAndKeepsSampling() throws Exception {
        sampler = new AsyncProfilerSampler(false);
        sampler.start(settings(ProfileType.CPU, ProfileType.ALLOC, ProfileType.LOCK));
        sampler.drainTo(new CollectingSink());
        sampler.drainTo(new CollectingSink());
        Workloads.onThread("workload-cpu", () -> Workloads.spinA(500_000_000L));
        CollectingSink sink = new CollectingSink();
        sampler.drainTo(sink);

        assertThat(sampler.lostSamples()).isZero();
        assertThat(sink.samples(ProfileType.CPU, Workloads.SPIN_A)).isGreaterThan(10);
    }

    @Test
    void stop_notStarted_isHarmlessAndDrainDeliversNothing() throws Exception {
        sampler = new AsyncProfilerSampler(false);
        sampler.stop();
        CollectingSink sink = new CollectingSink();
        sampler.drainTo(sink);

        assertThat(sink.entries).isEmpty();
    }

    @Test
    void start_nonPositiveInterval_rejectedNamingTheSettings() throws Exception {
        sampler = new AsyncProfilerSampler(false);

        assertThatThrownBy(() -> sampler.start(new SamplerSettings(EnumSet.of(ProfileType.CPU), 0, 10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("interval=0ms");
    }

    @Test
    void startCommand_allTypes_namesEveryAsyncProfilerOption() {
        SamplerSettings all = new SamplerSettings(EnumSet.allOf(ProfileType.class), 20, 64);

        assertThat(AsyncProfilerSampler.startCommand(all, "ctimer", "/tmp/x.jfr"))
                .isEqualTo(
                        "start,event=ctimer,interval=20ms,wall=20ms,alloc=524288,lock=10000000ns,jstackdepth=65,file=/tmp/x.jfr,jfr");
    }

    /** A workload that may throw. */
    interface Workload {
        void run() throws Exception;
    }
}
