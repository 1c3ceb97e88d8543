package dev.hotpath.agent.profile;

import dev.hotpath.agent.sampler.ProfileType;
import dev.hotpath.agent.sampler.ThreadState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stacks merged by (frames, thread state): a frame dictionary, int[] stacks and per-type values,
 * with an estimate of the heap bytes it holds. Not thread-safe.
 */
final class MergedStacks {
    /** The synthetic root of a stack cut at maxStackDepth. */
    static final String TRUNCATED_FRAME = "[truncated]";

    // Estimates of retained heap, on a 64-bit JVM with compressed oops: String + its byte[] +
    // HashMap node + boxed id + list slot per frame; key object + int[] + long[] + node + slots per stack.
    private static final long FRAME_BYTES = 112;
    private static final long STACK_BYTES = 176 + 16L * ProfileType.values().length;
    // Key object + array + map node + list slot, and per label its share of the (shared, interned) strings.
    private static final long LABEL_SET_BYTES = 96;
    private static final long LABEL_BYTES = 16;
    private static final String[] NO_LABELS = new String[0];

    private final Map<String, Integer> frameIds = new HashMap<>();
    private final List<String> frameNames = new ArrayList<>();
    private final Map<Stack, Stack> stacks = new HashMap<>();
    private final List<Stack> ordered = new ArrayList<>();
    private final Map<LabelSetKey, Integer> labelIds = new HashMap<>();
    private final List<String[]> labelSets = new ArrayList<>();
    private final LabelSetKey labelProbe = new LabelSetKey(NO_LABELS);
    private final Stack probe = new Stack(new int[64], 0, ThreadState.UNKNOWN, 0);
    private long bytes;
    private long samples;

    MergedStacks() {
        labelIds.put(new LabelSetKey(NO_LABELS), 0);
        labelSets.add(NO_LABELS);
    }

    /** The window-local id of label set {@code pairs} (key, value, ...), or -1 when it is not here yet. */
    int labelSetId(String[] pairs) {
        labelProbe.reset(pairs);
        Integer id = labelIds.get(labelProbe);
        return id == null ? -1 : id;
    }

    /** Adds label set {@code pairs} (kept, not copied: it must never change) and answers its id. */
    int addLabelSet(String[] pairs) {
        int id = labelSetId(pairs);
        if (id >= 0) {
            return id;
        }
        id = labelSets.size();
        labelIds.put(new LabelSetKey(pairs), id);
        labelSets.add(pairs);
        bytes += costOfLabelSet(pairs);
        return id;
    }

    static long costOfLabelSet(String[] pairs) {
        return LABEL_SET_BYTES + LABEL_BYTES * pairs.length;
    }

    /** Distinct label sets, the empty one included. */
    int labelSetCount() {
        return labelSets.size();
    }

    /** The label set of stack {@code index} as key, value, ...; must not be changed. */
    String[] labels(int index) {
        return labelSets.get(ordered.get(index).labels);
    }

    /** Estimated heap bytes held. */
    long bytes() {
        return bytes;
    }

    /** Samples added so far. */
    long samples() {
        return samples;
    }

    int stackCount() {
        return ordered.size();
    }

    int frameCount() {
        return frameNames.size();
    }

    String frameName(int id) {
        return frameNames.get(id);
    }

    /** Frame ids of stack {@code index}, leaf first; the array must not be changed. */
    int[] frames(int index) {
        return ordered.get(index).frames;
    }

    ThreadState state(int index) {
        return ordered.get(index).state;
    }

    long value(int index, ProfileType type) {
        return ordered.get(index).values[type.ordinal()];
    }

    long samples(int index) {
        return ordered.get(index).samples;
    }

    /**
     * Adds to the stack of {@code frames[0..kept)} (plus a [truncated] root when {@code truncated})
     * if it is already here; returns false, adding nothing, when it is new.
     */
    boolean addIfPresent(
            String[] frames, int kept, boolean truncated, ThreadState state, ProfileType type, long count, long value) {
        return addIfPresent(frames, kept, truncated, state, 0, type, count, value);
    }

    /** As above, for the stack under label set {@code labelSet} (an id of {@link #addLabelSet}). */
    boolean addIfPresent(
            String[] frames,
            int kept,
            boolean truncated,
            ThreadState state,
            int labelSet,
            ProfileType type,
            long count,
            long value) {
        int length = kept + (truncated ? 1 : 0);
        if (probe.frames.length < length) {
            probe.frames = new int[Math.max(length, probe.frames.length * 2)];
        }
        for (int i = 0; i < length; i++) {
            Integer id = frameIds.get(i < kept ? frames[i] : TRUNCATED_FRAME);
            if (id == null) {
                return false;
            }
            probe.frames[i] = id;
        }
        probe.reset(length, state, labelSet);
        Stack stack = stacks.get(probe);
        if (stack == null) {
            return false;
        }
        stack.add(type, count, value);
        samples += count;
        return true;
    }

    /** Estimated bytes that {@link #addNew} of this stack would take. */
    long costOfNew(String[] frames, int kept, boolean truncated) {
        long cost = STACK_BYTES + 4L * (kept + 1);
        for (int i = 0; i < kept; i++) {
            if (!frameIds.containsKey(frames[i])) {
                cost += FRAME_BYTES + frames[i].length();
            }
        }
        if (truncated && !frameIds.containsKey(TRUNCATED_FRAME)) {
            cost += FRAME_BYTES + TRUNCATED_FRAME.length();
        }
        return cost;
    }

    /** Adds a stack that {@link #addIfPresent} did not find. */
    void addNew(
            String[] frames, int kept, boolean truncated, ThreadState state, ProfileType type, long count, long value) {
        addNew(frames, kept, truncated, state, 0, type, count, value);
    }

    /** As above, under label set {@code labelSet}. */
    void addNew(
            String[] frames,
            int kept,
            boolean truncated,
            ThreadState state,
            int labelSet,
            ProfileType type,
            long count,
            long value) {
        int[] ids = new int[kept + (truncated ? 1 : 0)];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = frameId(i < kept ? frames[i] : TRUNCATED_FRAME);
        }
        Stack stack = new Stack(ids, ids.length, state, labelSet);
        stacks.put(stack, stack);
        ordered.add(stack);
        bytes += STACK_BYTES + 4L * ids.length;
        stack.add(type, count, value);
        samples += count;
    }

    /** Adds every stack of {@code other} to this one. */
    void mergeFrom(MergedStacks other) {
        String[] names = new String[16];
        for (Stack stack : other.ordered) {
            if (names.length < stack.length) {
                names = new String[stack.length * 2];
            }
            for (int i = 0; i < stack.length; i++) {
                names[i] = other.frameNames.get(stack.frames[i]);
            }
            for (ProfileType type : ProfileType.values()) {
                long value = stack.values[type.ordinal()];
                long count = stack.samplesByType[type.ordinal()];
                if (count == 0 && value == 0) {
                    continue;
                }
                int labelSet = addLabelSet(other.labelSets.get(stack.labels));
                // Names already include any [truncated] root, so they are added as they are.
                if (!addIfPresent(names, stack.length, false, stack.state, labelSet, type, count, value)) {
                    addNew(names, stack.length, false, stack.state, labelSet, type, count, value);
                }
            }
        }
    }

    private int frameId(String name) {
        Integer id = frameIds.get(name);
        if (id == null) {
            id = frameNames.size();
            frameIds.put(name, id);
            frameNames.add(name);
            bytes += FRAME_BYTES + name.length();
        }
        return id;
    }

    /** One merged stack; also used as the lookup key. */
    private static final class Stack {
        int[] frames;
        int length;
        ThreadState state;
        int labels;
        int hash;
        final long[] values = new long[ProfileType.values().length];
        final long[] samplesByType = new long[ProfileType.values().length];
        long samples;

        Stack(int[] frames, int length, ThreadState state, int labels) {
            this.frames = frames;
            reset(length, state, labels);
        }

        void reset(int length, ThreadState state, int labels) {
            this.length = length;
            this.state = state;
            this.labels = labels;
            int h = state.ordinal() * 31 + labels;
            for (int i = 0; i < length; i++) {
                h = h * 31 + frames[i];
            }
            this.hash = h;
        }

        void add(ProfileType type, long count, long value) {
            values[type.ordinal()] += value;
            samplesByType[type.ordinal()] += count;
            samples += count;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Stack)) {
                return false;
            }
            Stack other = (Stack) o;
            if (other.length != length || other.state != state || other.labels != labels || other.hash != hash) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                if (frames[i] != other.frames[i]) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return Arrays.toString(Arrays.copyOf(frames, length)) + " " + state + " labels " + labels;
        }
    }

    /** A label set (key, value, ...) compared by content; also used as the lookup key. */
    private static final class LabelSetKey {
        String[] pairs;
        int hash;

        LabelSetKey(String[] pairs) {
            reset(pairs);
        }

        void reset(String[] pairs) {
            this.pairs = pairs;
            this.hash = Arrays.hashCode(pairs);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof LabelSetKey
                    && ((LabelSetKey) o).hash == hash
                    && Arrays.equals(((LabelSetKey) o).pairs, pairs);
        }
    }
}
