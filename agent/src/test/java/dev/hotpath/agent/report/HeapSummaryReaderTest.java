package dev.hotpath.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.proto.v1.HeapSummary;
import dev.hotpath.proto.v1.HeapTypeEntry;
import org.junit.jupiter.api.Test;

class HeapSummaryReaderTest {
    // Held so the histogram has a known type with many instances.
    private static final Marker[] MARKERS = new Marker[20_000];

    static final class Marker {
        long payload;
    }

    @Test
    void read_thisJvm_listsTheMarkerTypeAmongTopTypesSortedByBytes() throws Exception {
        for (int i = 0; i < MARKERS.length; i++) {
            MARKERS[i] = new Marker();
        }

        HeapSummary summary = new HeapSummaryReader().read(500);

        assertThat(summary.getTypesCount()).isBetween(10, 500);
        assertThat(summary.getTotalBytes()).isPositive();
        assertThat(summary.getTakenAtEpochMillis()).isPositive();
        assertThat(summary.getTypesList())
                .extracting(HeapTypeEntry::getBytes)
                .isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(summary.getTypesList())
                .filteredOn(t -> t.getTypeName().equals(Marker.class.getName()))
                .singleElement()
                .satisfies(t -> assertThat(t.getInstances()).isGreaterThanOrEqualTo(MARKERS.length));
    }
}
