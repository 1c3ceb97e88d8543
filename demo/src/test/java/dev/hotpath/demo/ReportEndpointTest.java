package dev.hotpath.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportEndpointTest {

    private static final Order FIRST = new Order(
            "ORD-00000001", "ada", List.of(new Order.Item("SKU-1", 2, 10.0)), "2026-11-26T14:05:09.123+0000", 20.0);
    private static final Order SECOND = new Order(
            "ORD-00000002",
            "ken",
            List.of(new Order.Item("SKU-2", 1, 2.5), new Order.Item("SKU-3", 1, 3.0)),
            "not a time",
            5.5);

    @Test
    void report_twoOrders_oneLinePerOrderWithDayAndChecksumThenTheTotal() {
        String[] lines = new ReportEndpoint(new OrderBook(10))
                .report(List.of(FIRST, SECOND))
                .split("\n");

        assertThat(lines).hasSize(4);
        assertThat(lines[0]).matches("report [0-9a-f]{16}");
        assertThat(lines[1])
                .startsWith("ORD-00000001   26 Nov 2026 ")
                .contains("ada")
                .contains("1 items")
                .contains("20.00")
                .matches(".*  [0-9a-f]{12}");
        assertThat(lines[2]).startsWith("ORD-00000002   ? ").contains("2 items");
        assertThat(lines[3]).isEqualTo("2 orders, 25.50 in total");
    }
}
