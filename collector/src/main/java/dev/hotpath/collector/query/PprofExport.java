package dev.hotpath.collector.query;

import dev.hotpath.analyzer.io.PprofWriter;
import dev.hotpath.collector.storage.write.StackSample;
import java.util.List;

/** A merged profile as gzipped pprof: one sample per stack and thread state, one location per distinct frame. */
final class PprofExport {

    private PprofExport() {}

    static byte[] gzipped(List<StackSample> stacks, String type, TimeRange range) {
        PprofWriter writer = new PprofWriter(
                type,
                unit(type),
                range.from().toEpochMilli() * 1_000_000L,
                range.length().toNanos());
        for (StackSample stack : stacks) {
            writer.add(stack.framesRootFirst(), stack.value(), stack.threadState());
        }
        return PprofWriter.gzipped(writer.build());
    }

    private static String unit(String type) {
        return type.equals("alloc") ? "bytes" : "nanoseconds";
    }
}
