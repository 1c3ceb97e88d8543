package dev.hotpath.collector.analysis;

import dev.hotpath.analyzer.anomaly.Anomaly;
import dev.hotpath.collector.storage.anomalies.RecordedAnomaly;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * The JSON a webhook receives for one new anomaly; {@code link} opens the group's page in the web UI on a range
 * from one hour before the anomaly to the end of its last window.
 */
record WebhookMessage(
        String group,
        String id,
        String function,
        String view,
        Anomaly.Direction direction,
        double expected,
        double observed,
        Instant since,
        Instant lastSeen,
        Anomaly.Severity severity,
        String version,
        String link) {

    // Enough of the baseline before the step to see it in the UI's timeline.
    private static final Duration CONTEXT = Duration.ofHours(1);

    static WebhookMessage of(String group, Anomaly a, Duration window, String publicUrl) {
        return of(
                group,
                a.causeKey(),
                a.subject(),
                a.view(),
                a.direction(),
                a.expected(),
                a.observed(),
                a.since(),
                a.lastSeen(),
                a.severity(),
                a.version(),
                window,
                publicUrl);
    }

    /** The same message from the anomaly as it was recorded (a delivery resumed after its collector stopped). */
    static WebhookMessage of(String group, RecordedAnomaly a, Duration window, String publicUrl) {
        return of(
                group,
                a.causeKey(),
                a.subject(),
                a.view(),
                Anomaly.Direction.valueOf(a.direction()),
                a.expected(),
                a.observed(),
                a.since(),
                a.lastSeen(),
                Anomaly.Severity.valueOf(a.severity()),
                a.version(),
                window,
                publicUrl);
    }

    private static WebhookMessage of(
            String group,
            String causeKey,
            String function,
            String view,
            Anomaly.Direction direction,
            double expected,
            double observed,
            Instant since,
            Instant lastSeen,
            Anomaly.Severity severity,
            String version,
            Duration window,
            String publicUrl) {
        String base = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        String link = base + "/#/groups/" + encode(group) + "?from="
                + encode(since.minus(CONTEXT).toString()) + "&to="
                + encode(lastSeen.plus(window).toString());
        return new WebhookMessage(
                group,
                CauseId.of(causeKey),
                function,
                view,
                direction,
                expected,
                observed,
                since,
                lastSeen,
                severity,
                version,
                link);
    }

    private static String encode(String text) {
        // The UI splits the hash path on '/' and reads the query with URLSearchParams: both decode %XX.
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
