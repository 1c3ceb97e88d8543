package dev.hotpath.collector.analysis;

import static dev.hotpath.collector.ingest.ReportFixture.report;
import static dev.hotpath.collector.ingest.TestGroup.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;

import dev.hotpath.collector.ingest.TestGroup;
import dev.hotpath.proto.v1.HeapSummary;
import dev.hotpath.proto.v1.HeapTypeEntry;
import dev.hotpath.proto.v1.Report;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Heap summaries sent over real gRPC, stored with their reports and read back as trends and leak suspects. */
@QuarkusTest
class HeapIT {

    private static final Instant HOUR =
            Instant.now().truncatedTo(ChronoUnit.HOURS).minus(2, ChronoUnit.HOURS);
    private static final long MIB = 1L << 20;
    private static final String GROWING = "com.example.Cache$Entry";
    private static final String FLAT = "byte[]";

    @RegisterExtension
    final TestGroup group = new TestGroup("heap");

    @Test
    void heap_oneTypeGrowingOverSixReports_thatTypeFlaggedWithItsGrowthRate() {
        for (int i = 0; i < 6; i++) {
            Instant start = HOUR.plus(10L * i, ChronoUnit.MINUTES);
            // Ten MiB more every ten minutes; the flat type wobbles a little but does not grow.
            submit(
                    start,
                    heap(
                            start.plusSeconds(60),
                            type(GROWING, (10 + 10L * i) * MIB, 1000L * (i + 1)),
                            type(FLAT, (50 + i % 2) * MIB, 400)));
        }

        JsonPath heap = heapOf(Map.of());

        assertThat(heap.getList("instances")).hasSize(1);
        assertThat(heap.getInt("instances[0].snapshots")).isEqualTo(6);
        assertThat(heap.getList("instances[0].topTypes.type")).containsExactly(GROWING, FLAT);
        assertThat(heap.getList("instances[0].topTypes[0].sizes.bytes", Long.class))
                .containsExactly(10 * MIB, 20 * MIB, 30 * MIB, 40 * MIB, 50 * MIB, 60 * MIB);
        assertThat(heap.getList("instances[0].leakSuspects.type")).containsExactly(GROWING);
        assertThat(heap.getDouble("instances[0].leakSuspects[0].bytesPerHour")).isCloseTo(60.0 * MIB, within(1.0));
        assertThat(heap.getLong("instances[0].leakSuspects[0].lastBytes")).isEqualTo(60 * MIB);
    }

    @Test
    void heap_reportsWithoutSummary_noInstances() {
        group.agent()
                .submitReport(report().group(group.name())
                        .windowStart(HOUR)
                        .stack("main;A.a", 1)
                        .build());

        assertThat(heapOf(Map.of()).getList("instances")).isEmpty();
    }

    @Test
    void heap_negativeBytes_reportRejectedNamingTheEntry() {
        Report bad = report().group(group.name()).windowStart(HOUR).stack("main;A.a", 1).build().toBuilder()
                .setHeapSummary(heap(HOUR, type(GROWING, -1, 1)))
                .build();

        assertThatThrownBy(() -> group.agent().submitReport(bad))
                .isInstanceOf(StatusRuntimeException.class)
                .hasMessageContaining("heap_summary.types[0]");
    }

    @Test
    void heap_badParameters_400NamingTheParameter() {
        admin().queryParam("limit", 0).get(path()).then().statusCode(400).body(containsString("limit = 0"));
        admin().queryParam("instance", "host-a")
                .get(path())
                .then()
                .statusCode(400)
                .body(containsString("instance = 'host-a'"));
        admin().queryParam("to", "soon").get(path()).then().statusCode(400).body(containsString("to = 'soon'"));
    }

    private void submit(Instant windowStart, HeapSummary heap) {
        Report report = report().group(group.name()).windowStart(windowStart).stack("main;A.a", 1).build().toBuilder()
                .setHeapSummary(heap)
                .build();
        group.agent().submitReport(report);
    }

    private static HeapSummary heap(Instant takenAt, HeapTypeEntry... types) {
        HeapSummary.Builder heap = HeapSummary.newBuilder().setTakenAtEpochMillis(takenAt.toEpochMilli());
        for (HeapTypeEntry type : types) {
            heap.addTypes(type).setTotalBytes(heap.getTotalBytes() + type.getBytes());
        }
        return heap.build();
    }

    private static HeapTypeEntry type(String name, long bytes, long instances) {
        return HeapTypeEntry.newBuilder()
                .setTypeName(name)
                .setBytes(bytes)
                .setInstances(instances)
                .build();
    }

    private JsonPath heapOf(Map<String, Object> extra) {
        return admin().queryParam("from", HOUR.toString())
                .queryParam("to", HOUR.plusSeconds(3600).toString())
                .queryParams(extra)
                .get(path())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private String path() {
        return "/api/v1/groups/" + group.name() + "/heap";
    }
}
