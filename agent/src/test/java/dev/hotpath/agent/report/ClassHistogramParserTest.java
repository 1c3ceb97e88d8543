package dev.hotpath.agent.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hotpath.proto.v1.HeapSummary;
import org.junit.jupiter.api.Test;

class ClassHistogramParserTest {
    // The layout of GC.class_histogram on JDK 17 (JDK 8 has no module column).
    private static final String HISTOGRAM = String.join(
            "\n",
            " num     #instances         #bytes  class name (module)",
            "-------------------------------------------------------",
            "   1:         12000        4800000  [B (java.base@17.0.15)",
            "   2:          9000         216000  java.lang.String (java.base@17.0.15)",
            "   3:           100          32000  [Ljava.lang.Object; (java.base@17.0.15)",
            "   4:            10            400  [[I (java.base@17.0.15)",
            "   5:             3             72  app.Cache$Entry",
            "Total         21113        5048472",
            "");

    @Test
    void parse_jdkHistogram_readsRowsInOrderWithJavaNamesAndTotals() {
        HeapSummary summary = ClassHistogramParser.parse(HISTOGRAM, 50);

        assertThat(summary.getTypesList())
                .extracting(t -> t.getTypeName() + "=" + t.getInstances() + "/" + t.getBytes())
                .containsExactly(
                        "byte[]=12000/4800000",
                        "java.lang.String=9000/216000",
                        "java.lang.Object[]=100/32000",
                        "int[][]=10/400",
                        "app.Cache$Entry=3/72");
        assertThat(summary.getTotalInstances()).isEqualTo(21113);
        assertThat(summary.getTotalBytes()).isEqualTo(5048472);
    }

    @Test
    void parse_limitBelowRows_keepsTheTopRowsAndAllTotals() {
        HeapSummary summary = ClassHistogramParser.parse(HISTOGRAM, 2);

        assertThat(summary.getTypesCount()).isEqualTo(2);
        assertThat(summary.getTotalBytes()).isEqualTo(5048472);
    }

    @Test
    void parse_textWithoutTotal_failsNamingTheText() {
        assertThatThrownBy(() -> ClassHistogramParser.parse("Permission denied", 50))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no Total line")
                .hasMessageContaining("Permission denied");
    }

    @Test
    void javaName_descriptors_becomeSourceNames() {
        assertThat(ClassHistogramParser.javaName("[Z")).isEqualTo("boolean[]");
        assertThat(ClassHistogramParser.javaName("[[Ljava.lang.String;")).isEqualTo("java.lang.String[][]");
        assertThat(ClassHistogramParser.javaName("java.util.HashMap$Node")).isEqualTo("java.util.HashMap$Node");
    }
}
