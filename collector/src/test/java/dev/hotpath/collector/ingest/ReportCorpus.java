package dev.hotpath.collector.ingest;

import static dev.hotpath.collector.ingest.ReportFixture.report;

import dev.hotpath.proto.v1.HeapTypeEntry;
import dev.hotpath.proto.v1.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes the seed corpus of {@link ReportFuzzTest}: real reports as the agent builds them and a few broken ones.
 * Run from collector/ after test-compile: {@code java -cp target/test-classes:target/classes:TEST_CLASSPATH
 * dev.hotpath.collector.ingest.ReportCorpus} (TEST_CLASSPATH from {@code mvn dependency:build-classpath}).
 */
final class ReportCorpus {

    private ReportCorpus() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(
                args.length > 0
                        ? args[0]
                        : "src/test/resources/dev/hotpath/collector/ingest/ReportFuzzTestInputs/parseValidateDecode_anyBytes_decodedOrRefused");
        Files.createDirectories(dir);
        var start = ReportFuzzTest.NOW.minusSeconds(120);
        Report small = report().windowStart(start)
                .stack("main;Work.run;Work.hot", 700_000_000L)
                .stack("main;Work.run;Work.cold", 300_000_000L)
                .build();
        Report states = report().windowStart(start)
                .type("wall")
                .stack("main;Io.read", 50L, "WAITING")
                .stack("main;Io.read", 20L, "RUNNABLE")
                .stack("main;Lock.take;Object.wait", 5L, "BLOCKED")
                .build();
        Report.Builder heap =
                report().windowStart(start).type("alloc").stack("main;Alloc.make", 4096L).build().toBuilder();
        heap.getHeapSummaryBuilder()
                .setTakenAtEpochMillis(start.toEpochMilli())
                .addTypes(HeapTypeEntry.newBuilder()
                        .setTypeName("byte[]")
                        .setBytes(1 << 20)
                        .setInstances(12));
        Report.Builder outOfRange = small.toBuilder();
        outOfRange.getProfileBuilder().getFunctionBuilder(0).setName(9999);
        Report.Builder negative = small.toBuilder();
        negative.getProfileBuilder().getSampleBuilder(0).setValue(0, -1);
        byte[] smallBytes = small.toByteArray();
        byte[] invalidUtf8 = smallBytes.clone();
        // The first byte of the report id (field 1, length-prefixed) made a lone continuation byte.
        invalidUtf8[2] = (byte) 0x80;

        write(dir, "report-cpu", smallBytes);
        write(dir, "report-wall-states", states.toByteArray());
        write(dir, "report-heap-summary", heap.build().toByteArray());
        write(dir, "broken-index-out-of-range", outOfRange.build().toByteArray());
        write(dir, "broken-negative-value", negative.build().toByteArray());
        write(dir, "broken-invalid-utf8", invalidUtf8);
        write(dir, "broken-truncated", Arrays.copyOf(smallBytes, smallBytes.length / 2));
    }

    private static void write(Path dir, String name, byte[] bytes) throws IOException {
        Files.write(dir.resolve(name), bytes);
    }
}
