package dev.hotpath.collector.ingest;

import dev.hotpath.collector.config.CollectorConfig;
import dev.hotpath.proto.v1.Function;
import dev.hotpath.proto.v1.HeapSummary;
import dev.hotpath.proto.v1.HeapTypeEntry;
import dev.hotpath.proto.v1.Label;
import dev.hotpath.proto.v1.Line;
import dev.hotpath.proto.v1.Location;
import dev.hotpath.proto.v1.Profile;
import dev.hotpath.proto.v1.Report;
import dev.hotpath.proto.v1.Sample;
import dev.hotpath.proto.v1.ValueType;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
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

    private final CollectorConfig.Limits limits;
    private final Duration retention;

    ReportValidator(CollectorConfig.Limits limits, Duration retention) {
        this.limits = limits;
        this.retention = retention;
    }

    void validate(Report report, Instant now) {
        require(!report.getReportId().isEmpty(), "report_id is empty");
        require(report.getReportId().length() <= MAX_ID_LENGTH,
                "report_id is " + report.getReportId().length() + " characters, more than " + MAX_ID_LENGTH);
        require(report.hasInstance(), "instance is missing");
        require(!report.getInstance().getHost().isEmpty(), "instance.host is empty");
        require(report.getInstance().getPid() > 0, "instance.pid = " + report.getInstance().getPid() + " is not positive");
        validateWindow(report, now);
        require(report.hasProfile(), "profile is missing");
        validateProfile(report.getProfile());
        if (report.hasHeapSummary()) {
            validateHeapSummary(report.getHeapSummary());
        }
    }

    private static void validateHeapSummary(HeapSummary heap) {
        require(heap.getTakenAtEpochMillis() > 0,
                "heap_summary.taken_at_epoch_millis = " + heap.getTakenAtEpochMillis() + " is not positive");
        require(heap.getTypesCount() <= MAX_HEAP_TYPES,
                "heap_summary.types has " + heap.getTypesCount() + " entries, more than " + MAX_HEAP_TYPES);
        for (int i = 0; i < heap.getTypesCount(); i++) {
            HeapTypeEntry type = heap.getTypes(i);
            String field = "heap_summary.types[" + i + "]";
            require(!type.getTypeName().isEmpty() && type.getTypeName().length() <= MAX_NAME_LENGTH,
                    field + ".type_name is empty or longer than " + MAX_NAME_LENGTH + " characters");
            require(type.getBytes() >= 0 && type.getInstances() >= 0,
                    field + " (" + type.getTypeName() + ") has negative bytes or instances");
        }
    }

    private void validateWindow(Report report, Instant now) {
        long start = report.getWindowStartEpochMillis();
        long end = report.getWindowEndEpochMillis();
        require(start > 0, "window_start_epoch_millis = " + start + " is not positive");
        require(end > start, "window_end_epoch_millis = " + end + " is not after window_start_epoch_millis = " + start);
        require(end - start <= limits.maxWindow().toMillis(),
                "window of " + (end - start) + " ms is longer than the limit of " + limits.maxWindow().toMillis() + " ms");
        require(end <= now.plus(limits.maxClockSkew()).toEpochMilli(),
                "window_end_epoch_millis = " + end + " is in the future (collector time " + now.toEpochMilli() + ")");
        require(start >= now.minus(retention).toEpochMilli(),
                "window_start_epoch_millis = " + start + " is older than the retention of " + retention);
    }

    private void validateProfile(Profile profile) {
        int strings = profile.getStringTableCount();
        require(strings > 0 && profile.getStringTable(0).isEmpty(), "profile.string_table[0] must be the empty string");
        require(strings <= limits.maxStrings(),
                "profile.string_table has " + strings + " entries, more than the limit of " + limits.maxStrings());
        for (int i = 0; i < strings; i++) {
            require(profile.getStringTable(i).length() <= MAX_NAME_LENGTH,
                    "profile.string_table[" + i + "] is longer than " + MAX_NAME_LENGTH + " characters");
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
        Set<Long> functionIds = new HashSet<>();
        for (int i = 0; i < profile.getFunctionCount(); i++) {
            Function function = profile.getFunction(i);
            String field = "profile.function[" + i + "]";
            require(function.getId() != 0, field + ".id is 0");
            require(functionIds.add(function.getId()), field + ".id = " + function.getId() + " is not unique");
            index(function.getName(), strings, field + ".name", "string_table");
            index(function.getSystemName(), strings, field + ".system_name", "string_table");
            index(function.getFilename(), strings, field + ".filename", "string_table");
        }
        Set<Long> locationIds = new HashSet<>();
        for (int i = 0; i < profile.getLocationCount(); i++) {
            Location location = profile.getLocation(i);
            String field = "profile.location[" + i + "]";
            require(location.getId() != 0, field + ".id is 0");
            require(locationIds.add(location.getId()), field + ".id = " + location.getId() + " is not unique");
            require(location.getLineCount() > 0, field + " has no line");
            for (int j = 0; j < location.getLineCount(); j++) {
                Line line = location.getLine(j);
                require(functionIds.contains(line.getFunctionId()), field + ".line[" + j + "].function_id = "
                        + line.getFunctionId() + " is not a function id");
            }
        }
        require(profile.getSampleCount() <= limits.maxSamples(),
                "profile.sample has " + profile.getSampleCount() + " entries, more than the limit of " + limits.maxSamples());
        for (int i = 0; i < profile.getSampleCount(); i++) {
            validateSample(profile.getSample(i), "profile.sample[" + i + "]", types, strings, locationIds);
        }
    }

    private void validateSample(Sample sample, String field, int types, int strings, Set<Long> locationIds) {
        int depth = sample.getLocationIdCount();
        require(depth > 0, field + " has no location_id");
        require(depth <= limits.maxStackDepth(),
                field + " has " + depth + " frames, more than the limit of " + limits.maxStackDepth());
        for (int j = 0; j < depth; j++) {
            require(locationIds.contains(sample.getLocationId(j)),
                    field + ".location_id[" + j + "] = " + sample.getLocationId(j) + " is not a location id");
        }
        require(sample.getValueCount() == types,
                field + " has " + sample.getValueCount() + " values for " + types + " sample types");
        for (int j = 0; j < types; j++) {
            require(sample.getValue(j) >= 0, field + ".value[" + j + "] = " + sample.getValue(j) + " is negative");
        }
        for (int j = 0; j < sample.getLabelCount(); j++) {
            Label label = sample.getLabel(j);
            String labelField = field + ".label[" + j + "]";
            index(label.getKey(), strings, labelField + ".key", "string_table");
            index(label.getStr(), strings, labelField + ".str", "string_table");
            index(label.getNumUnit(), strings, labelField + ".num_unit", "string_table");
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
}
