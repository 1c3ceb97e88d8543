package dev.hotpath.agent.runtime;

import dev.hotpath.agent.sampler.ProfileType;
import dev.hotpath.agent.sampler.SampleSink;
import dev.hotpath.agent.sampler.Sampler;
import dev.hotpath.agent.sampler.SamplerSettings;
import dev.hotpath.agent.sampler.ThreadState;
import dev.hotpath.proto.v1.SamplingEngine;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Sampler that hands out one fixed stack per drain and records how it was driven. */
final class FakeSampler implements Sampler {
    static final String[] STACK = {"fake.Work.run", "fake.Main.main"};

    final List<SamplerSettings> starts = new CopyOnWriteArrayList<>();
    volatile int stops;
    volatile int drains;
    volatile boolean running;

    @Override
    public SamplingEngine engine() {
        return SamplingEngine.SAMPLING_ENGINE_THREAD_DUMP;
    }

    /** Like the thread-dump engine: no allocation or lock samples. */
    @Override
    public Set<ProfileType> supportedTypes() {
        return EnumSet.of(ProfileType.CPU, ProfileType.WALL);
    }

    @Override
    public void start(SamplerSettings settings) {
        starts.add(settings);
        running = true;
    }

    @Override
    public void drainTo(SampleSink sink) {
        if (!running) {
            throw new IllegalStateException("drained while stopped");
        }
        drains++;
        for (ProfileType type : starts.get(starts.size() - 1).types()) {
            // As the contract says: only the supported subset of the requested types is sampled.
            if (supportedTypes().contains(type)) {
                sink.add(type, STACK, STACK.length, ThreadState.RUNNABLE, 1, 10_000_000L);
            }
        }
    }

    @Override
    public long lostSamples() {
        return 0;
    }

    @Override
    public void stop() {
        stops++;
        running = false;
    }
}
