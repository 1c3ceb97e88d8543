package dev.hotpath.agent.sampler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/** A sink that keeps every delivered stack, with queries the sampler tests share. */
final class CollectingSink implements SampleSink {
    /** One delivered call. */
    static final class Entry {
        final ProfileType type;
        final List<String> frames;
        final ThreadState state;
        final long samples;
        final long value;

        Entry(ProfileType type, List<String> frames, ThreadState state, long samples, long value) {
            this.type = type;
            this.frames = frames;
            this.state = state;
            this.samples = samples;
            this.value = value;
        }

        @Override
        public String toString() {
            // The top of the stack is enough to tell entries apart in a failure message.
            return type + " " + state + " x" + samples + " =" + value + " "
                    + frames.subList(0, Math.min(6, frames.size()));
        }
    }

    final List<Entry> entries = new ArrayList<>();

    @Override
    public void add(ProfileType type, String[] frames, int depth, ThreadState state, long samples, long value) {
        entries.add(new Entry(type, Arrays.asList(Arrays.copyOf(frames, depth)), state, samples, value));
    }

    List<Entry> of(ProfileType type) {
        return entries.stream().filter(e -> e.type == type).toList();
    }

    /** Samples of {@code type} whose stack contains {@code frame}. */
    long samples(ProfileType type, String frame) {
        return sum(type, e -> e.frames.contains(frame), false);
    }

    /** Total value of {@code type} whose stack contains {@code frame}. */
    long value(ProfileType type, String frame) {
        return sum(type, e -> e.frames.contains(frame), true);
    }

    long sum(ProfileType type, Predicate<Entry> filter, boolean value) {
        return entries.stream()
                .filter(e -> e.type == type && filter.test(e))
                .mapToLong(e -> value ? e.value : e.samples)
                .sum();
    }
}
