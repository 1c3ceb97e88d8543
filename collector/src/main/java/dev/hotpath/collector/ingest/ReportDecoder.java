package dev.hotpath.collector.ingest;

import dev.hotpath.collector.storage.write.HeapSummaryRecord;
import dev.hotpath.collector.storage.write.InstanceInfo;
import dev.hotpath.collector.storage.write.LabelSet;
import dev.hotpath.collector.storage.write.ReportRecord;
import dev.hotpath.collector.storage.write.StackSample;
import dev.hotpath.proto.v1.DroppedCounters;
import dev.hotpath.proto.v1.HeapSummary;
import dev.hotpath.proto.v1.HeapTypeEntry;
import dev.hotpath.proto.v1.InstanceIdentity;
import dev.hotpath.proto.v1.Label;
import dev.hotpath.proto.v1.Location;
import dev.hotpath.proto.v1.Profile;
import dev.hotpath.proto.v1.Report;
import dev.hotpath.proto.v1.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a validated wire report into its storage form: root-first frame names per sample type, thread state and
 * label set.
 */
final class ReportDecoder {

    static final String UNKNOWN_STATE = "UNKNOWN";
    /** The agent's own label keys: a sample's thread state and sample count, not labels of the application. */
    static final String THREAD_STATE = "thread_state";

    static final String SAMPLES = "samples";

    private ReportDecoder() {}

    static ReportRecord decode(long groupId, Report report) {
        Profile profile = report.getProfile();
        List<String> types = new ArrayList<>();
        for (int i = 0; i < profile.getSampleTypeCount(); i++) {
            types.add(profile.getStringTable((int) profile.getSampleType(i).getType()));
        }
        Map<Long, String> functionNames = new HashMap<>();
        profile.getFunctionList().forEach(f -> functionNames.put(f.getId(), profile.getStringTable((int) f.getName())));
        // Each location's frames are resolved once; samples then only copy them, sharing the String instances.
        LocationIndex locationIndex = LocationIndex.of(profile);
        String[][] locationFrames = new String[profile.getLocationCount()][];
        for (int l = 0; l < locationFrames.length; l++) {
            Location location = profile.getLocation(l);
            int lines = location.getLineCount();
            String[] rootFirst = new String[lines];
            for (int i = 0; i < lines; i++) {
                rootFirst[lines - 1 - i] = functionNames.get(location.getLine(i).getFunctionId());
            }
            locationFrames[l] = rootFirst;
        }
        List<StackSample> samples = new ArrayList<>();
        // One LabelSet instance per distinct set, so storage groups a report's samples by identity mostly.
        Map<Map<String, String>, LabelSet> labelSets = new HashMap<>();
        for (Sample sample : profile.getSampleList()) {
            String[] rootFirst = rootFirst(sample, locationIndex, locationFrames);
            String state = UNKNOWN_STATE;
            long count = 0;
            Map<String, String> labels = null;
            for (Label label : sample.getLabelList()) {
                String key = profile.getStringTable((int) label.getKey());
                if (key.equals(THREAD_STATE)) {
                    if (label.getStr() != 0) {
                        state = profile.getStringTable((int) label.getStr());
                    }
                } else if (key.equals(SAMPLES)) {
                    count = label.getNum();
                } else if (label.getStr() != 0) {
                    // Every other label with a string value is the sample's (endpoint, custom labels, and the agent's
                    // label_set=other|unknown for folded samples); numeric ones are not stored.
                    if (labels == null) {
                        labels = new HashMap<>();
                    }
                    labels.put(key, profile.getStringTable((int) label.getStr()));
                }
            }
            LabelSet labelSet = labels == null ? LabelSet.EMPTY : labelSets.computeIfAbsent(labels, LabelSet::of);
            for (int i = 0; i < types.size(); i++) {
                long value = sample.getValue(i);
                if (value != 0) {
                    samples.add(new StackSample(rootFirst, types.get(i), state, labelSet, value, count));
                }
            }
        }
        InstanceIdentity id = report.getInstance();
        DroppedCounters dropped = report.getDropped();
        ReportedMetrics metrics = ReportedMetrics.of(report);
        return new ReportRecord(
                groupId,
                report.getReportId(),
                new InstanceInfo(
                        id.getHost(),
                        id.getPid(),
                        Instant.ofEpochMilli(id.getStartTimeEpochMillis()),
                        id.getJvmVersion(),
                        id.getJvmVendor(),
                        id.getAgentVersion(),
                        id.getAppVersion(),
                        id.getOs(),
                        id.getAvailableProcessors()),
                Instant.ofEpochMilli(report.getWindowStartEpochMillis()),
                Instant.ofEpochMilli(report.getWindowEndEpochMillis()),
                report.getEngine().name().replaceFirst("^SAMPLING_ENGINE_", ""),
                report.getReason().name().replaceFirst("^REPORT_REASON_", ""),
                types,
                report.getMergedWindows(),
                dropped.getSamplesMemoryLimit()
                        + dropped.getSamplesExportBufferFull()
                        + dropped.getSamplesShortFinalWindow()
                        + dropped.getSamplesEngine(),
                report.getOverhead().getCpuTimeNanos(),
                report.getOverhead().getBufferedBytes(),
                metrics.processCpuTimeNanos,
                metrics.gcTimeMillis,
                metrics.heapUsedBytes,
                metrics.threadCount,
                samples,
                report.hasHeapSummary() ? Optional.of(heapSummary(report.getHeapSummary())) : Optional.empty());
    }

    private static HeapSummaryRecord heapSummary(HeapSummary summary) {
        // A type listed twice is summed, so each type is one row of the summary.
        Map<String, long[]> sizes = new LinkedHashMap<>();
        for (HeapTypeEntry entry : summary.getTypesList()) {
            long[] size = sizes.computeIfAbsent(entry.getTypeName(), k -> new long[2]);
            size[0] += entry.getBytes();
            size[1] += entry.getInstances();
        }
        List<HeapSummaryRecord.TypeSize> types = new ArrayList<>(sizes.size());
        sizes.forEach((name, size) -> types.add(new HeapSummaryRecord.TypeSize(name, size[0], size[1])));
        return new HeapSummaryRecord(Instant.ofEpochMilli(summary.getTakenAtEpochMillis()), types);
    }

    // pprof lists a sample's locations leaf first, and a location's lines innermost first; locationFrames holds each
    // location's frames root first already, so the leaf's go last. Most locations have one line: no copy call then.
    private static String[] rootFirst(Sample sample, LocationIndex locationIndex, String[][] locationFrames) {
        int locations = sample.getLocationIdCount();
        int depth = 0;
        for (int i = 0; i < locations; i++) {
            depth += locationFrames[locationIndex.position(sample.getLocationId(i))].length;
        }
        String[] rootFirst = new String[depth];
        int end = depth;
        for (int i = 0; i < locations; i++) {
            String[] frames = locationFrames[locationIndex.position(sample.getLocationId(i))];
            end -= frames.length;
            if (frames.length == 1) {
                rootFirst[end] = frames[0];
            } else {
                System.arraycopy(frames, 0, rootFirst, end, frames.length);
            }
        }
        return rootFirst;
    }
}
