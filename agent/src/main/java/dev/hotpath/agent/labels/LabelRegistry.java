package dev.hotpath.agent.labels;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntUnaryOperator;
import java.util.function.ToIntFunction;

/**
 * The agent's side of custom labels: interns label sets (bounded), keeps each labelled thread's current set and
 * its timeline of changes, and answers which set a thread had at a sample's time. Its memory is counted against
 * memoryUsageLimitPercent through {@link #bytes()}; timelines stop growing at the budget it is given.
 */
public final class LabelRegistry {
    /** No labels. */
    public static final int NONE = 0;
    /** Every label set past {@link #MAX_SETS}. */
    public static final int OTHER = 1;
    /** A sample older than what its thread's timeline still holds. */
    public static final int UNKNOWN = 2;

    public static final String SET_KEY = "label_set";
    /** The pairs of the two synthetic sets: where overflow is folded, and where unknown samples go. */
    public static final String[] OTHER_PAIRS = {SET_KEY, "other"};

    public static final String[] UNKNOWN_PAIRS = {SET_KEY, "unknown"};
    static final Set<String> RESERVED_KEYS = new HashSet<>(Arrays.asList(SET_KEY, "thread_state", "samples"));
    public static final int MAX_KEY_CHARS = 64;
    public static final int MAX_VALUE_CHARS = 128;
    public static final int MAX_LABELS_PER_SET = 16;
    /** Distinct label sets interned over the JVM's life; later new sets are attributed to {@link #OTHER}. */
    public static final int MAX_SETS = 10_000;
    /** Changes one thread keeps between two drains (about a second): 786 KB at most, within the budget. */
    static final int MAX_TIMELINE_ENTRIES = 65_536;
    // String + byte[] per key and value, array, set object, children map, canonical-map entry.
    private static final long SET_BYTES = 256;
    private static final long PAIR_BYTES = 96;
    private static final long CHILD_BYTES = 128;
    // The timeline object and its entry in the map of virtual threads.
    private static final long VIRTUAL_BYTES = 112;
    /** java.lang.VirtualThread (Java 21+), or null. */
    private static final Class<?> VIRTUAL_THREAD = virtualThreadClass();

    private final AtomicReferenceArray<LabelSet> sets = new AtomicReferenceArray<>(MAX_SETS + 3);
    private final Map<String, LabelSet> canonical = new ConcurrentHashMap<>();
    private final Map<Long, ThreadTimeline> timelines = new ConcurrentHashMap<>();
    final ThreadLocal<ThreadTimeline> mine = new ThreadLocal<>();
    /**
     * Virtual threads' timelines, by the thread itself (identity): a ThreadLocal would give every virtual thread a
     * map of its own at its first mount, labelled or not.
     */
    private final Map<Thread, ThreadTimeline> virtualThreads = new ConcurrentHashMap<>();
    /** Carriers' timelines by the thread itself: looked up at each mount without boxing a thread id. */
    private final Map<Thread, ThreadTimeline> carriers = new ConcurrentHashMap<>();

    private final AtomicLong bytes = new AtomicLong();
    private final long budgetBytes;
    private final Hook hook = new Hook();
    private int nextId = UNKNOWN + 1;
    private long otherEntries;

    /** @param budgetBytes the bytes timelines may grow to; a full timeline then overwrites its oldest change */
    public LabelRegistry(long budgetBytes) {
        this.budgetBytes = budgetBytes;
        sets.set(NONE, new LabelSet(NONE, new String[0]));
        sets.set(OTHER, new LabelSet(OTHER, OTHER_PAIRS));
        sets.set(UNKNOWN, new LabelSet(UNKNOWN, UNKNOWN_PAIRS));
    }

    Object hook() {
        return hook;
    }

    /** Estimated heap bytes held by label sets and timelines. */
    public long bytes() {
        return bytes.get();
    }

    /** The labels of set {@code id} as key, value, ...; the array must not be changed. */
    public String[] pairs(int id) {
        LabelSet set = id >= 0 && id < sets.length() ? sets.get(id) : null;
        return set == null ? UNKNOWN_PAIRS : set.pairs;
    }

    /** The label set of thread {@code threadId} now (the thread-dump engine's view). */
    public int current(long threadId) {
        ThreadTimeline timeline = timelines.get(threadId);
        return timeline == null ? NONE : timeline.current;
    }

    /** The label set thread {@code threadId} (a Java thread id) had at {@code nanos} (System.nanoTime). */
    public int labelAt(long threadId, long nanos) {
        ThreadTimeline timeline = timelines.get(threadId);
        return timeline == null ? NONE : timeline.labelAt(nanos);
    }

    /**
     * Forgets label changes at or before {@code horizonNanos}: every sample up to there has been joined. Timelines
     * of ended threads go. Answers the changes overwritten since the last prune because a timeline was full.
     */
    public long prune(long horizonNanos) {
        long overwritten = 0;
        for (Iterator<ThreadTimeline> it = timelines.values().iterator(); it.hasNext(); ) {
            ThreadTimeline timeline = it.next();
            overwritten += timeline.overwritten();
            if (timeline.prune(horizonNanos)) {
                it.remove();
                bytes.addAndGet(-ThreadTimeline.bytesOf(timeline.capacity()));
            }
        }
        for (Iterator<ThreadTimeline> it = virtualThreads.values().iterator(); it.hasNext(); ) {
            if (it.next().prune(horizonNanos)) {
                it.remove();
                bytes.addAndGet(-VIRTUAL_BYTES);
            }
        }
        carriers.keySet().removeIf(carrier -> !carrier.isAlive());
        return overwritten;
    }

    /** Scope entries attributed to {@link #OTHER} because {@link #MAX_SETS} sets exist. */
    public synchronized long otherEntries() {
        return otherEntries;
    }

    /** Takes {@code more} bytes of the timelines' budget if there is room. */
    boolean reserve(long more) {
        while (true) {
            long now = bytes.get();
            if (now + more > budgetBytes) {
                return false;
            }
            if (bytes.compareAndSet(now, now + more)) {
                return true;
            }
        }
    }

    /** Labels the current thread with {@code labels} on top of its current set; answers the set to restore. */
    int enter(Map<String, String> labels) {
        ThreadTimeline timeline = timeline();
        int previous = timeline.current;
        LabelSet parent = sets.get(previous);
        int id = parent.child(labels);
        if (id < 0) {
            id = child(parent, labels);
        }
        if (id != previous) {
            change(timeline, id);
        }
        return previous;
    }

    /** The current thread's label set, without giving the thread a timeline. */
    int currentOfThisThread() {
        Thread thread = Thread.currentThread();
        ThreadTimeline timeline = isVirtual(thread) ? virtualThreads.get(thread) : mine.get();
        return timeline == null ? NONE : timeline.current;
    }

    /**
     * Virtual thread {@code thread} was just mounted on {@code carrier} (the current thread is now {@code thread}):
     * until it unmounts, the carrier's samples are its samples, so the carrier takes its labels.
     */
    void mounted(Thread thread, Thread carrier) {
        ThreadTimeline onCarrier = carrier(carrier);
        onCarrier.mounted = thread;
        ThreadTimeline timeline = virtualThreads.get(thread);
        if (timeline != null) {
            timeline.carrier = onCarrier;
            if (onCarrier.current != timeline.current) {
                onCarrier.record(System.nanoTime(), timeline.current);
            }
        }
    }

    /** Virtual thread {@code thread} is about to leave {@code carrier}: the carrier runs unlabelled again. */
    void unmounting(Thread thread, Thread carrier) {
        ThreadTimeline onCarrier = carriers.get(carrier);
        if (onCarrier == null) {
            return;
        }
        onCarrier.mounted = null;
        ThreadTimeline timeline = virtualThreads.get(thread);
        if (timeline != null) {
            timeline.carrier = null;
        }
        if (onCarrier.current != NONE) {
            onCarrier.record(System.nanoTime(), NONE);
        }
    }

    /** Sets the current thread's label set to {@code id} (a set handed over from another thread); answers the old. */
    int replace(int id) {
        ThreadTimeline timeline = timeline();
        int previous = timeline.current;
        if (previous != id) {
            change(timeline, id);
        }
        return previous;
    }

    /** Puts the current thread's label set back to {@code id}. */
    void restore(int id) {
        ThreadTimeline timeline = timeline();
        if (timeline.current != id) {
            change(timeline, id);
        }
    }

    /** Records a change of the current thread's set, on its carrier's timeline too when it is a virtual thread. */
    private static void change(ThreadTimeline timeline, int id) {
        long now = System.nanoTime();
        timeline.record(now, id);
        ThreadTimeline carrier = timeline.carrier;
        if (carrier != null) {
            carrier.record(now, id);
        }
    }

    private ThreadTimeline timeline() {
        Thread thread = Thread.currentThread();
        if (isVirtual(thread)) {
            return virtualTimeline(thread);
        }
        ThreadTimeline timeline = mine.get();
        if (timeline == null) {
            // A thread whose thread locals were erased (the common pool's innocuous workers after each task, Java
            // 25) keeps its timeline: a new one would hide the changes its last samples still need.
            timeline = timelines.get(thread.getId());
            if (timeline != null && timeline.ownedBy(thread)) {
                mine.set(timeline);
                return timeline;
            }
            timeline = new ThreadTimeline(thread, this);
            bytes.addAndGet(ThreadTimeline.bytesOf(ThreadTimeline.FIRST_CAPACITY));
            timelines.put(thread.getId(), timeline);
            mine.set(timeline);
        }
        return timeline;
    }

    private ThreadTimeline virtualTimeline(Thread thread) {
        ThreadTimeline timeline = virtualThreads.get(thread);
        if (timeline == null) {
            timeline = new ThreadTimeline(thread, this);
            // Its first scope: the carrier it runs on now is the one whose last mount was this thread.
            for (ThreadTimeline onCarrier : carriers.values()) {
                if (onCarrier.mounted == thread) {
                    timeline.carrier = onCarrier;
                    break;
                }
            }
            bytes.addAndGet(VIRTUAL_BYTES);
            virtualThreads.put(thread, timeline);
        }
        return timeline;
    }

    /** The timeline of carrier {@code thread}, made at its first mount (it is also the carrier's own, if any). */
    private ThreadTimeline carrier(Thread thread) {
        ThreadTimeline timeline = carriers.get(thread);
        if (timeline == null) {
            timeline = timelines.get(thread.getId());
            if (timeline == null || !timeline.ownedBy(thread)) {
                timeline = new ThreadTimeline(thread, this);
                bytes.addAndGet(ThreadTimeline.bytesOf(ThreadTimeline.FIRST_CAPACITY));
                timelines.put(thread.getId(), timeline);
            }
            carriers.put(thread, timeline);
        }
        return timeline;
    }

    /** Whether {@code thread} is a virtual thread (Java 21+). */
    static boolean isVirtual(Thread thread) {
        return thread.getClass() == VIRTUAL_THREAD;
    }

    private static Class<?> virtualThreadClass() {
        try {
            return Class.forName("java.lang.VirtualThread", false, null);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /** The set {@code labels} makes inside {@code parent}; slow path, once per distinct (parent, map). */
    private int child(LabelSet parent, Map<String, String> labels) {
        if (parent.id == OTHER || parent.id == UNKNOWN) {
            return parent.id;
        }
        TreeMap<String, String> merged = new TreeMap<>();
        for (int i = 0; i < parent.pairs.length; i += 2) {
            merged.put(parent.pairs[i], parent.pairs[i + 1]);
        }
        for (Map.Entry<String, String> label : labels.entrySet()) {
            String key = label.getKey();
            String value = label.getValue();
            // thread_state and samples are the agent's own sample labels, label_set marks other and unknown.
            if (key == null || key.isEmpty() || value == null || RESERVED_KEYS.contains(key)) {
                continue;
            }
            merged.put(cut(key, MAX_KEY_CHARS), cut(value, MAX_VALUE_CHARS));
        }
        String[] pairs = new String[2 * Math.min(merged.size(), MAX_LABELS_PER_SET)];
        int i = 0;
        for (Map.Entry<String, String> label : merged.entrySet()) {
            if (i == pairs.length) {
                break;
            }
            pairs[i++] = label.getKey();
            pairs[i++] = label.getValue();
        }
        LabelSet set = intern(pairs);
        if (set == null) {
            synchronized (this) {
                otherEntries++;
            }
            // Not cached: a stream of ever new maps (a request id as a label) must not grow the children maps.
            return OTHER;
        }
        // The entries are copied: the caller may change its map after the scope.
        parent.addChild(labels, set.id);
        bytes.addAndGet(CHILD_BYTES + PAIR_BYTES * labels.size());
        return set.id;
    }

    private LabelSet intern(String[] pairs) {
        if (pairs.length == 0) {
            return sets.get(NONE);
        }
        StringBuilder key = new StringBuilder();
        for (String part : pairs) {
            key.append(part).append('\u0000');
        }
        String name = key.toString();
        LabelSet set = canonical.get(name);
        if (set != null) {
            return set;
        }
        synchronized (this) {
            set = canonical.get(name);
            if (set == null) {
                if (nextId >= sets.length()) {
                    return null;
                }
                set = new LabelSet(nextId, Arrays.copyOf(pairs, pairs.length));
                sets.set(nextId++, set);
                canonical.put(name, set);
                bytes.addAndGet(SET_BYTES + PAIR_BYTES * pairs.length + 2L * name.length());
            }
            return set;
        }
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    /** What hotpath-api calls, through JDK interfaces only; never throws into the application. */
    private final class Hook implements ToIntFunction<Map<String, String>>, IntUnaryOperator {
        @Override
        public int applyAsInt(Map<String, String> labels) {
            try {
                return enter(labels);
            } catch (Throwable t) {
                return -1;
            }
        }

        @Override
        public int applyAsInt(int id) {
            try {
                restore(id);
            } catch (Throwable t) {
                // Nothing to restore into; the next scope sets the thread's labels again.
            }
            return 0;
        }
    }
}
