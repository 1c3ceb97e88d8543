package dev.hotpath.analyzer.io;

import dev.hotpath.analyzer.profile.SampleSet;
import dev.hotpath.analyzer.profile.StackSample;
import dev.hotpath.analyzer.profile.ThreadStates;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedObject;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a JFR recording, the JDK's own or async-profiler's (both use the jdk.* event types), into the samples of
 * one profile type.
 */
public final class JfrReader {
    private static final Set<String> CPU = Set.of("jdk.ExecutionSample");
    private static final Set<String> WALL =
            Set.of("jdk.ExecutionSample", "jdk.NativeMethodSample", "profiler.WallClockSample");
    private static final Set<String> ALLOC_SAMPLED = Set.of("jdk.ObjectAllocationSample");
    private static final Set<String> ALLOC_TLAB =
            Set.of("jdk.ObjectAllocationInNewTLAB", "jdk.ObjectAllocationOutsideTLAB");
    private static final Set<String> LOCK = Set.of("jdk.JavaMonitorEnter", "jdk.ThreadPark");
    private static final List<String> HIDDEN_CLASS_MARKERS = List.of("+0x", "/0x", ".0x");

    private JfrReader() {}

    /** Reads the events of {@code type} (cpu, wall, alloc, lock) from the recording at {@code file}. */
    public static SampleSet read(Path file, String type) throws IOException {
        Events events = new Events();
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                events.accept(recording.readEvent(), type);
            }
        }
        switch (type) {
            case "cpu":
            case "wall":
                return new SampleSet(type, "samples", events.durationNanos(), events.samples);
            case "alloc":
                // The JDK records throttled allocation samples, async-profiler TLAB events; counting both would double.
                return new SampleSet(
                        type,
                        "bytes",
                        events.durationNanos(),
                        events.sampledAllocations.isEmpty() ? events.tlabAllocations : events.sampledAllocations);
            case "lock":
                return new SampleSet(type, "nanoseconds", events.durationNanos(), events.samples);
            default:
                throw new IllegalArgumentException(
                        "unknown profile type '" + type + "', expected cpu, wall, alloc or lock");
        }
    }

    /** Collects one pass over the recording. */
    private static final class Events {
        final List<StackSample> samples = new ArrayList<>();
        final List<StackSample> sampledAllocations = new ArrayList<>();
        final List<StackSample> tlabAllocations = new ArrayList<>();
        private Instant first;
        private Instant last;

        void accept(RecordedEvent event, String type) {
            Instant start = event.getStartTime();
            Instant end = event.getEndTime();
            first = first == null || start.isBefore(first) ? start : first;
            last = last == null || end.isAfter(last) ? end : last;
            String name = event.getEventType().getName();
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null) {
                return;
            }
            switch (type) {
                case "cpu":
                    if (CPU.contains(name)) {
                        samples.add(sample(stack, null, state(event), 1));
                    }
                    break;
                case "wall":
                    if (WALL.contains(name)) {
                        samples.add(sample(stack, null, state(event), 1));
                    }
                    break;
                case "alloc":
                    if (ALLOC_SAMPLED.contains(name)) {
                        sampledAllocations.add(
                                sample(stack, allocatedType(event), ThreadStates.RUNNABLE, event.getLong("weight")));
                    } else if (ALLOC_TLAB.contains(name)) {
                        long bytes = name.endsWith("InNewTLAB")
                                ? event.getLong("tlabSize")
                                : event.getLong("allocationSize");
                        tlabAllocations.add(sample(stack, allocatedType(event), ThreadStates.RUNNABLE, bytes));
                    }
                    break;
                case "lock":
                    if (LOCK.contains(name)) {
                        String state = name.equals("jdk.ThreadPark") ? ThreadStates.WAITING : ThreadStates.BLOCKED;
                        samples.add(sample(
                                stack,
                                null,
                                state,
                                Math.max(0, event.getDuration().toNanos())));
                    }
                    break;
                default:
                    break;
            }
        }

        long durationNanos() {
            return first == null ? 0 : Duration.between(first, last).toNanos();
        }
    }

    private static StackSample sample(RecordedStackTrace stack, String leaf, String state, long value) {
        List<RecordedFrame> frames = stack.getFrames();
        List<String> rootFirst = new ArrayList<>(frames.size() + 2);
        if (stack.isTruncated()) {
            rootFirst.add("[truncated]");
        }
        for (int i = frames.size() - 1; i >= 0; i--) {
            RecordedFrame frame = frames.get(i);
            rootFirst.add(name(frame));
        }
        if (leaf != null) {
            rootFirst.add(leaf);
        }
        return new StackSample(rootFirst.toArray(new String[0]), state, value);
    }

    // async-profiler stores native frames with the library (or nothing) as the "class" and the symbol as the
    // method; a Java-style "class.method" name would make them look like Java code.
    private static String name(RecordedFrame frame) {
        if (frame.getMethod() == null) {
            return "[unknown]";
        }
        String method = frame.getMethod().getName();
        String type = frame.getMethod().getType() == null
                ? ""
                : frame.getMethod().getType().getName();
        String kind = frame.getType();
        boolean nativeCode = kind != null && (kind.equals("Native") || kind.equals("C++") || kind.equals("Kernel"));
        return nativeCode || type.isEmpty() ? method : javaName(type) + "." + method;
    }

    // Hidden classes (lambdas, method handles) carry addresses and hashes that differ in every JVM; without them the
    // same lambda merges across processes and releases, and the names match what the agent reports.
    private static String javaName(String type) {
        int lambda = type.indexOf("$$Lambda");
        if (lambda >= 0) {
            return type.substring(0, lambda + "$$Lambda".length());
        }
        for (String marker : HIDDEN_CLASS_MARKERS) {
            int hidden = type.indexOf(marker);
            if (hidden > 0) {
                return type.substring(0, hidden);
            }
        }
        // Arrays come as descriptors: [J, [[Ljava.lang.String;
        int dimensions = 0;
        while (dimensions < type.length() && type.charAt(dimensions) == '[') {
            dimensions++;
        }
        if (dimensions == 0) {
            return type;
        }
        String element = type.substring(dimensions);
        switch (element) {
            case "Z":
                element = "boolean";
                break;
            case "B":
                element = "byte";
                break;
            case "C":
                element = "char";
                break;
            case "S":
                element = "short";
                break;
            case "I":
                element = "int";
                break;
            case "J":
                element = "long";
                break;
            case "F":
                element = "float";
                break;
            case "D":
                element = "double";
                break;
            default:
                if (element.startsWith("L") && element.endsWith(";")) {
                    element = element.substring(1, element.length() - 1);
                }
        }
        return element + "[]".repeat(dimensions);
    }

    private static String allocatedType(RecordedEvent event) {
        RecordedObject type = event.hasField("objectClass") ? event.getValue("objectClass") : null;
        return type == null ? "[unknown type]" : javaName(type.getString("name").replace('/', '.'));
    }

    // JFR names states like STATE_RUNNABLE or STATE_IN_NATIVE; fold them into the agent's states.
    private static String state(RecordedEvent event) {
        if (!event.hasField("state")) {
            return ThreadStates.UNKNOWN;
        }
        Object value = event.getValue("state");
        String text =
                value instanceof RecordedObject ? ((RecordedObject) value).getString("name") : String.valueOf(value);
        String upper = text == null ? "" : text.toUpperCase(Locale.ROOT);
        if (upper.contains("NATIVE")) {
            return ThreadStates.NATIVE;
        } else if (upper.contains("RUNNABLE") || upper.contains("RUNNING")) {
            return ThreadStates.RUNNABLE;
        } else if (upper.contains("BLOCKED") || upper.contains("MONITOR")) {
            return ThreadStates.BLOCKED;
        } else if (upper.contains("TIMED") || upper.contains("SLEEP")) {
            return ThreadStates.TIMED_WAITING;
        } else if (upper.contains("WAIT") || upper.contains("PARK")) {
            return ThreadStates.WAITING;
        }
        return ThreadStates.UNKNOWN;
    }
}
