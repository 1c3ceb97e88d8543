package dev.hotpath.analyzer.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class AnomalyDetectorTest {
    private static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(5);
    private static final int DAY = 288;
    private static final int WINDOWS = 3 * DAY;
    private static final AnomalyDetector DETECTOR = new AnomalyDetector(AnomalySettings.forShares());

    @Test
    void detect_injectedStepChange_isFoundAtTheStepWithItsVersion() {
        Random noise = new Random(1);
        int step = 500;
        List<WindowPoint> series =
                series(i -> (i < step ? 0.05 : 0.12) + 0.004 * noise.nextGaussian(), i -> i < step ? "1.0" : "1.1");

        List<Anomaly> anomalies = DETECTOR.detect("java.util.regex.Pattern.compile", "cpu", series);

        assertThat(anomalies).hasSize(1);
        Anomaly anomaly = anomalies.get(0);
        assertThat(anomaly.since()).isEqualTo(T0.plus(WINDOW.multipliedBy(step)));
        assertThat(anomaly.direction()).isEqualTo(Anomaly.Direction.UP);
        assertThat(anomaly.version()).isEqualTo("1.1");
        assertThat(anomaly.expected()).isCloseTo(0.05, within(0.01));
        assertThat(anomaly.observed()).isCloseTo(0.12, within(0.005));
        assertThat(anomaly.windows()).isEqualTo(WINDOWS - step);
        assertThat(anomaly.severity()).isEqualTo(Anomaly.Severity.HIGH);
    }

    @Test
    void detect_noiseOnly_findsNothing() {
        Random noise = new Random(2);

        assertThat(DETECTOR.detect("f", "cpu", series(i -> 0.10 + 0.004 * noise.nextGaussian(), i -> "1.0")))
                .isEmpty();
    }

    @Test
    void detect_slowDailySwingWithNoise_findsNothing() {
        Random noise = new Random(3);
        List<WindowPoint> series =
                series(i -> 0.10 + 0.05 * Math.sin(2 * Math.PI * i / DAY) + 0.004 * noise.nextGaussian(), i -> "1.0");

        assertThat(DETECTOR.detect("f", "cpu", series)).isEmpty();
    }

    @Test
    void detect_dailySwingWithAStepOnTop_findsTheStep() {
        Random noise = new Random(4);
        int step = 400;
        List<WindowPoint> series = series(
                i -> 0.10
                        + 0.05 * Math.sin(2 * Math.PI * i / DAY)
                        + (i >= step && i < step + 24 ? 0.08 : 0)
                        + 0.004 * noise.nextGaussian(),
                i -> "1.0");

        List<Anomaly> anomalies = DETECTOR.detect("f", "cpu", series);

        assertThat(anomalies).extracting(Anomaly::since).containsExactly(T0.plus(WINDOW.multipliedBy(step)));
        assertThat(anomalies.get(0).windows()).isEqualTo(24);
    }

    @Test
    void detect_hourlyWindowsDailySwingWithSeason_findsOnlyTheStepAfterTheFirstDay() {
        Random noise = new Random(6);
        Duration hour = Duration.ofHours(1);
        List<WindowPoint> points = new ArrayList<>();
        for (int i = 0; i < 24 * 7; i++) {
            double step = i >= 100 && i < 106 ? 0.10 : 0;
            points.add(new WindowPoint(
                    T0.plus(hour.multipliedBy(i)),
                    0.10 + 0.05 * Math.sin(2 * Math.PI * i / 24) + step + 0.004 * noise.nextGaussian(),
                    "1.0"));
        }

        List<Anomaly> anomalies =
                new AnomalyDetector(AnomalySettings.forShares().withSeason(24)).detect("f", "cpu", points);

        // The first day has no season to compare with; a swing that fast is only learnt from the days before.
        assertThat(anomalies.stream().filter(a -> a.since().isAfter(T0.plus(Duration.ofDays(1)))))
                .extracting(Anomaly::since)
                .containsExactly(T0.plus(hour.multipliedBy(100)));
    }

    @Test
    void detect_drop_isReportedAsDown() {
        List<WindowPoint> series = series(i -> i < 100 ? 0.30 : 0.10, i -> "1.0");

        List<Anomaly> anomalies = DETECTOR.detect("f", "latency", series);

        assertThat(anomalies).singleElement().satisfies(a -> {
            assertThat(a.direction()).isEqualTo(Anomaly.Direction.DOWN);
            assertThat(a.view()).isEqualTo("latency");
        });
    }

    @Test
    void detect_groupCpuStep_isFoundWithCoreSettings() {
        Random noise = new Random(5);
        List<WindowPoint> cores = series(i -> (i < 300 ? 2.0 : 3.5) + 0.05 * noise.nextGaussian(), i -> "1.0");

        List<Anomaly> anomalies =
                new AnomalyDetector(AnomalySettings.forCores()).detect(AnomalyDetector.GROUP_CPU, "cpu", cores);

        assertThat(anomalies)
                .singleElement()
                .satisfies(a -> assertThat(a.since()).isEqualTo(T0.plus(WINDOW.multipliedBy(300))));
    }

    @Test
    void detect_tooFewWindows_findsNothing() {
        assertThat(DETECTOR.detect(
                        "f", "cpu", series(i -> i < 5 ? 0.01 : 0.5, i -> "1.0").subList(0, 6)))
                .isEmpty();
    }

    @Test
    void withoutDismissed_dismissedCause_isDropped() {
        List<Anomaly> anomalies = DETECTOR.detect("f", "cpu", series(i -> i < 100 ? 0.01 : 0.2, i -> "2.0"));
        String cause = anomalies.get(0).causeKey();

        assertThat(cause).isEqualTo("f|cpu|UP|2.0");
        assertThat(AnomalyDetector.withoutDismissed(anomalies, Set.of(cause))).isEmpty();
        assertThat(AnomalyDetector.withoutDismissed(anomalies, Set.of("f|cpu|UP|1.0")))
                .hasSize(1);
    }

    @Test
    void settings_baselineShorterThanMinimum_isRejected() {
        assertThatThrownBy(() -> new AnomalySettings(4, 6, 4, 0.02, 0.25, 0))
                .hasMessageContaining("minBaselineWindows");
    }

    private static List<WindowPoint> series(IntToDoubleFunction value, java.util.function.IntFunction<String> version) {
        List<WindowPoint> points = new ArrayList<>();
        for (int i = 0; i < WINDOWS; i++) {
            points.add(new WindowPoint(
                    T0.plus(WINDOW.multipliedBy(i)), Math.max(0, value.applyAsDouble(i)), version.apply(i)));
        }
        return points;
    }
}
