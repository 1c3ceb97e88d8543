package dev.hotpath.collector.ingest;

import dev.hotpath.collector.config.CollectorConfig;
import dev.hotpath.collector.storage.write.LabelSet;
import dev.hotpath.proto.v1.DroppedCounters;
import dev.hotpath.proto.v1.Function;
import dev.hotpath.proto.v1.HeapSummary;
import dev.hotpath.proto.v1.HeapTypeEntry;
import dev.hotpath.proto.v1.InstanceIdentity;
import dev.hotpath.proto.v1.Label;
import dev.hotpath.proto.v1.Line;
import dev.hotpath.proto.v1.Location;
import dev.hotpath.proto.v1.Profile;
import dev.hotpath.proto.v1.Report;
import dev.hotpath.proto.v1.Sample;
import dev.hotpath.proto.v1.ValueType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a report against the wire contract and the collector's limits before anything is stored: every index in
 * range, sizes within limits, a sane window. Throws {@link InvalidReportException} naming the first problem.
 */
final class ReportValidator {

    static final Set<String> SAMPLE_TYPES = Set.of("cpu", "wall", "alloc", "lock");
    private static final int MAX_ID_LENGTH = 128;
    private static final int MAX_NAME_LENGTH = 4096;
    // The agent sends at most 50 types; room for other senders, bounded so one report cannot flood the table.
    private static final int MAX_HEAP_TYPES = 1000;
    private static final long MAX_PROCESSORS = 4096;
    // Instance identity is stored on every instance row and shown in the UI: generous for real values (a DNS name is
    // at most 253 characters), small enough that a report cannot bloat the instance table.
    private static final int MAX_HOST_LENGTH = 255;
    private static final int MAX_VERSION_LENGTH = 128;
    private static final int MAX_IDENTITY_TEXT_LENGTH = 256;
    private static final long YEAR_10000 = 253_402_300_800_000L;
    private static final String CONTAINS_NUL = " contains a NUL character";
    // Label bounds (key and value lengths: LabelSet's): the agent's own (docs/agent.md), so what it sends always
    // passes; a report past them is refused whole, naming the sample, rather than growing the label_set dictionary.
    static final int MAX_LABELS_PER_SAMPLE = 16;
    static final int MAX_LABEL_SETS_PER_REPORT = 1000;

    private final CollectorConfig.Limits limits;
    private final Duration retention;

    ReportValidator(CollectorConfig.Limits limits, Duration retention) {
        this.limits = limits;
        this.retention = retention;
    }

    void validate(Report report, Instant now) {
        require(!report.getReportId().isEmpty(), "report_id is empty");
        require(
                report.getReportId().length() <= MAX_ID_LENGTH,
                "report_id is " + report.getReportId().length() + " characters, more than " + MAX_ID_LENGTH);
        text(report.getReportId(), "report_id");
        require(report.hasInstance(), "instance is missing");
        validateInstance(report.getInstance());
        validateWindow(report, now);
        validateCounters(report);
        require(report.hasProfile(), "profile is missing");
        validateProfile(report.getProfile());
        if (report.hasHeapSummary()) {
            validateHeapSummary(report.getHeapSummary(), now);
        }
    }

    private static void validateInstance(InstanceIdentity instance) {
        require(!instance.getHost().isEmpty(), "instance.host is empty");
        require(instance.getPid() > 0, "instance.pid = " + instance.getPid() + " is not positive");
        long start = instance.getStartTimeEpochMillis();
        // Only bounded to what a timestamp column holds: the start identifies the JVM, whatever its clock said.
        require(
                start >= 0 && start < YEAR_10000,
                "instance.start_time_epoch_millis = " + start + " is negative or after the year 9999");
        identity(instance.getHost(), "instance.host", MAX_HOST_LENGTH);
        identity(instance.getJvmVersion(), "instance.jvm_version", MAX_VERSION_LENGTH);
        identity(instance.getJvmVendor(), "instance.jvm_vendor", MAX_IDENTITY_TEXT_LENGTH);
        identity(instance.getAgentVersion(), "instance.agent_version", MAX_VERSION_LENGTH);
        identity(instance.getAppVersion(), "instance.app_version", MAX_VERSION_LENGTH);
        identity(instance.getOs(), "instance.os", MAX_IDENTITY_TEXT_LENGTH);
        int processors = instance.getAvailableProcessors();
        require(
                processors >= 0 && processors <= MAX_PROCESSORS,
                "instance.available_processors = " + processors + " is negative or more than " + MAX_PROCESSORS);
    }

    private static void identity(String value, String field, int maxLength) {
        require(
                value.length() <= maxLength,
                field + " is " + value.length() + " characters, more than the limit of " + maxLength);
        text(value, field);
    }

    // Negative counters would corrupt the sums the UI shows; their sum must fit in 64 bits.
    private static void validateCounters(Report report) {
        DroppedCounters dropped = report.getDropped();
        long total = 0;
        long[] counters = {
            dropped.getSamplesMemoryLimit(),
            dropped.getSamplesExportBufferFull(),
            dropped.getSamplesShortFinalWindow(),
            dropped.getSamplesEngine()
        };
        for (long counter : counters) {
            require(counter >= 0, "dropped has a negative counter (" + counter + ")");
            total = add(total, counter, "dropped samples");
        }
        require(report.getMergedWindows() >= 0, "merged_windows = " + report.getMergedWindows() + " is negative");
        long windowNanos = (report.getWindowEndEpochMillis() - report.getWindowStartEpochMillis()) * 1_000_000L;
        long cpu = report.getOverhead().getCpuTimeNanos();
        // Summed per instance in storage: bounded by what MAX_PROCESSORS cores can spend in the window.
        require(
                cpu >= 0 && cpu / MAX_PROCESSORS <= windowNanos,
                "overhead.cpu_time_nanos = " + cpu + " is negative or more than " + MAX_PROCESSORS
                        + " cores can spend in the window");
        require(
                report.getOverhead().getBufferedBytes() >= 0,
                "overhead.buffered_bytes = " + report.getOverhead().getBufferedBytes() + " is negative");
    }

    private void validateHeapSummary(HeapSummary heap, Instant now) {
        long takenAt = heap.getTakenAtEpochMillis();
        require(
                takenAt > 0 && takenAt <= now.plus(limits.maxClockSkew()).toEpochMilli(),
                "heap_summary.taken_at_epoch_millis = " + takenAt + " is not positive or in the future");
        require(
                heap.getTypesCount() <= MAX_HEAP_TYPES,
                "heap_summary.types has " + heap.getTypesCount() + " entries, more than " + MAX_HEAP_TYPES);
        long bytes = 0;
        long instances = 0;
        for (int i = 0; i < heap.getTypesCount(); i++) {
            HeapTypeEntry type = heap.getTypes(i);
            String field = "heap_summary.types[" + i + "]";
            require(
                    !type.getTypeName().isEmpty() && type.getTypeName().length() <= MAX_NAME_LENGTH,
                    field + ".type_name is empty or longer than " + MAX_NAME_LENGTH + " characters");
            text(type.getTypeName(), field + ".type_name");
            require(
                    type.getBytes() >= 0 && type.getInstances() >= 0,
                    field + " (" + type.getTypeName() + ") has negative bytes or instances");
            // A type listed twice is summed by the decoder.
            bytes = add(bytes, type.getBytes(), "heap_summary bytes");
            instances = add(instances, type.getInstances(), "heap_summary instances");
        }
    }

    private void validateWindow(Report report, Instant now) {
        long start = report.getWindowStartEpochMillis();
        long end = report.getWindowEndEpochMillis();
        require(start > 0, "window_start_epoch_millis = " + start + " is not positive");
        require(end > start, "window_end_epoch_millis = " + end + " is not after window_start_epoch_millis = " + start);
        require(
                end - start <= limits.maxWindow().toMillis(),
                "window of " + (end - start) + " ms is longer than the limit of "
                        + limits.maxWindow().toMillis() + " ms");
        require(
                end <= now.plus(limits.maxClockSkew()).toEpochMilli(),
                "window_end_epoch_millis = " + end + " is in the future (collector time " + now.toEpochMilli() + ")");
        require(
                start >= now.minus(retention).toEpochMilli(),
                "window_start_epoch_millis = " + start + " is older than the retention of " + retention);
    }

    private void validateProfile(Profile profile) {
        int strings = profile.getStringTableCount();
        require(strings > 0 && profile.getStringTable(0).isEmpty(), "profile.string_table[0] must be the empty string");
        require(
                strings <= limits.maxStrings(),
                "profile.string_table has " + strings + " entries, more than the limit of " + limits.maxStrings());
        // The loops over strings, functions and locations run thousands of times a report: messages are built
        // only when a check fails.
        for (int i = 0; i < strings; i++) {
            String string = profile.getStringTable(i);
            if (string.length() > MAX_NAME_LENGTH) {
                throw new InvalidReportException(
                        "profile.string_table[" + i + "] is longer than " + MAX_NAME_LENGTH + " characters");
            }
            if (string.indexOf('\u0000') >= 0) {
                throw new InvalidReportException("profile.string_table[" + i + "]" + CONTAINS_NUL);
            }
        }
        int types = profile.getSampleTypeCount();
        require(types > 0, "profile.sample_type is empty");
        Set<String> seenTypes = new HashSet<>();
        for (int i = 0; i < types; i++) {
            ValueType type = profile.getSampleType(i);
            String field = "profile.sample_type[" + i + "]";
            index(type.getType(), strings, field + ".type", "string_table");
            index(type.getUnit(), strings, field + ".unit", "string_table");
            String name = profile.getStringTable((int) type.getType());
            require(SAMPLE_TYPES.contains(name), field + " = \"" + name + "\" is not one of " + SAMPLE_TYPES);
            require(seenTypes.add(name), field + " = \"" + name + "\" is listed twice");
        }
        // Counts before the sets below are built: their size is what a hostile report would inflate.
        require(
                profile.getFunctionCount() <= limits.maxFunctions(),
                "profile.function has " + profile.getFunctionCount() + " entries, more than the limit of "
                        + limits.maxFunctions());
        require(
                profile.getLocationCount() <= limits.maxLocations(),
                "profile.location has " + profile.getLocationCount() + " entries, more than the limit of "
                        + limits.maxLocations());
        Set<Long> functionIds = new HashSet<>();
        for (int i = 0; i < profile.getFunctionCount(); i++) {
            Function function = profile.getFunction(i);
            if (function.getId() == 0) {
                throw new InvalidReportException("profile.function[" + i + "].id is 0");
            }
            if (!functionIds.add(function.getId())) {
                throw new InvalidReportException(
                        "profile.function[" + i + "].id = " + function.getId() + " is not unique");
            }
            functionString(function.getName(), strings, i, "name");
            functionString(function.getSystemName(), strings, i, "system_name");
            functionString(function.getFilename(), strings, i, "filename");
        }
        LocationIndex locationIndex = LocationIndex.of(profile);
        int[] locationLines = new int[profile.getLocationCount()];
        for (int i = 0; i < profile.getLocationCount(); i++) {
            Location location = profile.getLocation(i);
            locationLines[i] = location.getLineCount();
            if (location.getLineCount() == 0) {
                throw new InvalidReportException("profile.location[" + i + "] has no line");
            }
            for (int j = 0; j < location.getLineCount(); j++) {
                Line line = location.getLine(j);
                if (!functionIds.contains(line.getFunctionId())) {
                    throw new InvalidReportException("profile.location[" + i + "].line[" + j + "].function_id = "
                            + line.getFunctionId() + " is not a function id");
                }
            }
        }
        require(
                profile.getSampleCount() <= limits.maxSamples(),
                "profile.sample has " + profile.getSampleCount() + " entries, more than the limit of "
                        + limits.maxSamples());
        Totals totals = new Totals(types);
        for (int i = 0; i < profile.getSampleCount(); i++) {
            validateSample(profile, i, totals, locationIndex, locationLines);
        }
        validateLabels(profile);
    }

    // Runs for every sample of every report: messages are built only when a check fails.
    private void validateSample(
            Profile profile, int index, Totals totals, LocationIndex locationIndex, int[] locationLines) {
        Sample sample = profile.getSample(index);
        int strings = profile.getStringTableCount();
        int types = totals.values.length;
        int locations = sample.getLocationIdCount();
        if (locations == 0) {
            throw sampleProblem(index, " has no location_id");
        }
        if (locations > limits.maxFramesPerSample()) {
            throw sampleProblem(
                    index, " has " + locations + " frames, more than the limit of " + limits.maxFramesPerSample());
        }
        // Inlined lines expand into frames, so depth counts lines, not locations.
        int depth = 0;
        for (int j = 0; j < locations; j++) {
            int position = locationIndex.position(sample.getLocationId(j));
            if (position < 0) {
                throw sampleProblem(
                        index, ".location_id[" + j + "] = " + sample.getLocationId(j) + " is not a location id");
            }
            depth += locationLines[position];
            if (depth > limits.maxFramesPerSample()) {
                throw sampleProblem(
                        index,
                        " has more than the limit of " + limits.maxFramesPerSample()
                                + " frames (inlined lines counted)");
            }
        }
        totals.frames += depth;
        if (totals.frames > limits.maxTotalFrames()) {
            throw new InvalidReportException("profile.sample has more than the limit of " + limits.maxTotalFrames()
                    + " frames in all (at profile.sample[" + index + "])");
        }
        if (sample.getValueCount() != types) {
            throw sampleProblem(index, " has " + sample.getValueCount() + " values for " + types + " sample types");
        }
        for (int j = 0; j < types; j++) {
            long value = sample.getValue(j);
            if (value < 0) {
                throw sampleProblem(index, ".value[" + j + "] = " + value + " is negative");
            }
            totals.values[j] = add(totals.values[j], value, j);
        }
        for (int j = 0; j < sample.getLabelCount(); j++) {
            Label label = sample.getLabel(j);
            labelIndex(label.getKey(), strings, index, j, "key");
            labelIndex(label.getStr(), strings, index, j, "str");
            labelIndex(label.getNumUnit(), strings, index, j, "num_unit");
            if (profile.getStringTable((int) label.getKey()).equals("samples")) {
                if (label.getNum() < 0) {
                    throw sampleProblem(index, ".label[" + j + "].num = " + label.getNum() + " samples is negative");
                }
                totals.samples = add(totals.samples, label.getNum(), "profile.sample samples labels");
            }
        }
    }

    /**
     * The labels each sample carries beyond the agent's thread_state and samples: keys not empty, each once, within
     * the lengths and counts the agent keeps to; at most {@value #MAX_LABEL_SETS_PER_REPORT} distinct sets a report
     * (counted by string table index, so a sender repeating strings only counts more).
     */
    private static void validateLabels(Profile profile) {
        Set<List<Long>> sets = new HashSet<>();
        for (int i = 0; i < profile.getSampleCount(); i++) {
            Sample sample = profile.getSample(i);
            if (sample.getLabelCount() <= 2) {
                // thread_state and samples alone: the usual unlabelled sample, checked without allocating.
                boolean agentOwn = true;
                for (int j = 0; j < sample.getLabelCount() && agentOwn; j++) {
                    String key = profile.getStringTable((int) sample.getLabel(j).getKey());
                    agentOwn = key.equals(ReportDecoder.THREAD_STATE) || key.equals(ReportDecoder.SAMPLES);
                }
                if (agentOwn) {
                    continue;
                }
            }
            List<long[]> labels = new ArrayList<>();
            for (int j = 0; j < sample.getLabelCount(); j++) {
                Label label = sample.getLabel(j);
                String key = profile.getStringTable((int) label.getKey());
                if (key.equals(ReportDecoder.THREAD_STATE)
                        || key.equals(ReportDecoder.SAMPLES)
                        || label.getStr() == 0) {
                    continue;
                }
                String field = ".label[" + j + "]";
                if (key.isEmpty()) {
                    throw sampleProblem(
                            i,
                            field + ".key is empty (label value \"" + profile.getStringTable((int) label.getStr())
                                    + "\")");
                }
                if (key.length() > LabelSet.MAX_KEY_LENGTH) {
                    throw sampleProblem(
                            i,
                            field + ".key is " + key.length() + " characters, more than the limit of "
                                    + LabelSet.MAX_KEY_LENGTH);
                }
                String value = profile.getStringTable((int) label.getStr());
                if (value.length() > LabelSet.MAX_VALUE_LENGTH) {
                    throw sampleProblem(
                            i,
                            field + ".str (label " + key + ") is " + value.length()
                                    + " characters, more than the limit of " + LabelSet.MAX_VALUE_LENGTH);
                }
                for (long[] earlier : labels) {
                    if (profile.getStringTable((int) earlier[0]).equals(key)) {
                        throw sampleProblem(i, field + ".key = \"" + key + "\" is given twice in one sample");
                    }
                }
                labels.add(new long[] {label.getKey(), label.getStr()});
            }
            if (labels.size() > MAX_LABELS_PER_SAMPLE) {
                throw sampleProblem(
                        i, " has " + labels.size() + " labels, more than the limit of " + MAX_LABELS_PER_SAMPLE);
            }
            if (labels.isEmpty()) {
                continue;
            }
            labels.sort((a, b) -> Long.compare(a[0], b[0]));
            List<Long> set = new ArrayList<>(labels.size() * 2);
            for (long[] label : labels) {
                set.add(label[0]);
                set.add(label[1]);
            }
            if (sets.add(set) && sets.size() > MAX_LABEL_SETS_PER_REPORT) {
                throw sampleProblem(
                        i,
                        " brings the report to more than " + MAX_LABEL_SETS_PER_REPORT
                                + " distinct label sets, the limit per report (the agent folds the rest into label_set=other)");
            }
        }
    }

    private static void functionString(long value, int strings, int function, String part) {
        if (value < 0 || value >= strings) {
            throw new InvalidReportException("profile.function[" + function + "]." + part + " = " + value
                    + " is outside string_table (size " + strings + ")");
        }
    }

    private static void labelIndex(long value, int strings, int sample, int label, String part) {
        if (value < 0 || value >= strings) {
            throw sampleProblem(
                    sample,
                    ".label[" + label + "]." + part + " = " + value + " is outside string_table (size " + strings
                            + ")");
        }
    }

    private static InvalidReportException sampleProblem(int index, String problem) {
        return new InvalidReportException("profile.sample[" + index + "]" + problem);
    }

    private static long add(long total, long value, int type) {
        long sum = total + value;
        if (sum < total) {
            throw new InvalidReportException(
                    "profile.sample values of type " + type + " add up to more than a 64-bit total");
        }
        return sum;
    }

    private static long add(long total, long value, String what) {
        long sum = total + value;
        require(sum >= total, what + " add up to more than a 64-bit total");
        return sum;
    }

    // PostgreSQL TEXT cannot hold NUL; refusing it here keeps a broken report from failing in storage as if the
    // database were down (which the agent would retry for ever).
    private static void text(String value, String field) {
        if (value.indexOf('\u0000') >= 0) {
            throw new InvalidReportException(field + CONTAINS_NUL);
        }
    }

    private static void index(long value, int size, String field, String table) {
        require(value >= 0 && value < size, field + " = " + value + " is outside " + table + " (size " + size + ")");
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new InvalidReportException(problem);
        }
    }

    /** Running sums over a report's samples, each checked against overflow and the limits. */
    private static final class Totals {
        final long[] values;
        long samples;
        long frames;

        Totals(int types) {
            this.values = new long[types];
        }
    }
}
