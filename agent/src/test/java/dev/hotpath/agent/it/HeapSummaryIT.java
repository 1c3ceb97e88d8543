package dev.hotpath.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.agent.it.workload.HeapSummaryProbe;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The heap summary's class histogram ({@code -all}) inspects the heap without forcing a full GC, on 17 and 25. */
class HeapSummaryIT {
    private static final Pattern RESULT = Pattern.compile(
            "fullCollectionsWithAll=(\\d+) fullCollectionsWithoutAll=(\\d+) firstMillis=(\\d+) warmMillis=(\\d+)"
                    + " heapMiB=(\\d+) types=(\\d+) top=(\\S+)");

    @ParameterizedTest
    @ValueSource(ints = {17, 25})
    void heapSummary_filledHeap_listsTopTypesWithoutAFullCollection(int feature) throws Exception {
        try (ForkedJvm jvm = ForkedJvm.java(feature == 25 ? ForkedJvm.JAVA_25 : ForkedJvm.JAVA_17)
                .jvmOption("-XX:+UseG1GC")
                .jvmOption("-Xmx1g")
                .classpath(System.getProperty("java.class.path"))
                .start("heap-summary-java" + feature, HeapSummaryProbe.class, "256")) {

            assertThat(jvm.waitFor(Duration.ofSeconds(180))).isZero();

            Matcher result = RESULT.matcher(jvm.stdout());
            assertThat(result.find()).as(jvm.stdout() + jvm.stderr()).isTrue();
            System.out.println("java " + feature + ": " + result.group());
            assertThat(Long.parseLong(result.group(1))).isZero();
            assertThat(Long.parseLong(result.group(2))).isPositive();
            assertThat(Long.parseLong(result.group(5))).isGreaterThanOrEqualTo(256);
            assertThat(Integer.parseInt(result.group(6))).isEqualTo(50);
            assertThat(result.group(7)).isEqualTo("long[]");
        }
    }
}
