package dev.hotpath.analyzer.anomaly;

import static dev.hotpath.analyzer.Folded.tree;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FunctionSharesTest {

    @Test
    void of_functionNewInLaterWindow_hasZeroShareBefore() {
        Instant t0 = Instant.parse("2026-11-20T00:00:00Z");
        List<ProfileWindow> windows = List.of(
                new ProfileWindow(t0, "1.0", tree("main;work 10")),
                new ProfileWindow(t0.plusSeconds(60), "1.1", tree("main;work 6", "main;compile 4")));

        Map<String, List<WindowPoint>> series = FunctionShares.of(windows, 10);

        assertThat(series.get("compile")).extracting(WindowPoint::value).containsExactly(0.0, 0.4);
        assertThat(series.get("compile")).extracting(WindowPoint::version).containsExactly("1.0", "1.1");
        assertThat(series.get("main")).extracting(WindowPoint::value).containsExactly(1.0, 1.0);
    }

    @Test
    void of_topLimit_tracksOnlyTheHeaviestPerWindow() {
        Instant t0 = Instant.parse("2026-11-20T00:00:00Z");
        Map<String, List<WindowPoint>> series =
                FunctionShares.of(List.of(new ProfileWindow(t0, "1", tree("main;a 9", "main;b 1"))), 2);

        assertThat(series).containsOnlyKeys("main", "a");
    }
}
