package dev.hotpath.agent.sampler;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** Thread-dump samples merged by (type, state, frames) until drained, up to a fixed number of distinct stacks. */
final class ThreadDumpStacks {
    private static final String[] NO_LABELS = new String[0];

    private final int capacity;
    private final Map<Key, long[]> totals = new HashMap<>();
    private long dropped;

    /** @param capacity distinct stacks kept; samples of further new stacks are counted as dropped */
    ThreadDumpStacks(int capacity) {
        this.capacity = capacity;
    }

    /** Adds one sample of {@code frames} (leaf first, not copied: the caller must not change it). */
    void add(ProfileType type, String[] frames, ThreadState state, long value) {
        add(type, frames, state, NO_LABELS, value);
    }

    /** Adds one sample of {@code frames} taken under the label set {@code labels} (key, value, ...). */
    void add(ProfileType type, String[] frames, ThreadState state, String[] labels, long value) {
        Key key = new Key(type, state, frames, labels);
        long[] sum = totals.get(key);
        if (sum == null) {
            if (totals.size() >= capacity) {
                dropped++;
                return;
            }
            totals.put(key, new long[] {1, value});
        } else {
            sum[0]++;
            sum[1] += value;
        }
    }

    /** Samples refused because the table was full. */
    long dropped() {
        return dropped;
    }

    /** Hands every merged stack to {@code sink}. */
    void drainTo(SampleSink sink) {
        for (Map.Entry<Key, long[]> entry : totals.entrySet()) {
            Key key = entry.getKey();
            long[] sum = entry.getValue();
            sink.add(key.type, key.frames, key.frames.length, key.state, key.labels, sum[0], sum[1]);
        }
    }

    private static final class Key {
        final ProfileType type;
        final ThreadState state;
        final String[] frames;
        final String[] labels;
        final int hash;

        Key(ProfileType type, ThreadState state, String[] frames, String[] labels) {
            this.type = type;
            this.state = state;
            this.frames = frames;
            this.labels = labels;
            this.hash = ((Arrays.hashCode(frames) * 31 + type.hashCode()) * 31 + state.hashCode()) * 31
                    + Arrays.hashCode(labels);
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key)) {
                return false;
            }
            Key other = (Key) o;
            return hash == other.hash
                    && type == other.type
                    && state == other.state
                    && Arrays.equals(frames, other.frames)
                    && Arrays.equals(labels, other.labels);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
