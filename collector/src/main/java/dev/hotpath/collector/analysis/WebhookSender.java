package dev.hotpath.collector.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hotpath.collector.config.CollectorConfig;
import dev.hotpath.collector.storage.Storage;
import dev.hotpath.collector.storage.anomalies.RecordedAnomaly.NotifyState;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocketFactory;
import org.jboss.logging.Logger;

/**
 * POSTs new anomalies to webhooks on its own daemon thread (never a request or ingest thread), retrying failures
 * and timeouts with exponential backoff and jitter up to a bounded number of attempts; every outcome is stored.
 * A destination refused by {@link WebhookAddress} fails at once, without retries.
 */
@Singleton
class WebhookSender {

    private static final Logger LOG = Logger.getLogger(WebhookSender.class);
    // Deliveries waiting or retrying at once; beyond this a new one is recorded as failed instead of queued.
    private static final int MAX_QUEUED = 1_000;
    private static final int MAX_ERROR_LENGTH = 500;
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    // Errors that quote the receiver's answer start like this; the rest is the answer, shown to the admin only.
    private static final Pattern WITH_ANSWER = Pattern.compile("^(HTTP \\d{3})(: .*)?$", Pattern.DOTALL);

    private final Storage storage;
    private final ObjectMapper json;
    private final CollectorConfig.Webhooks settings;
    private final WebhookClient http;
    private final ScheduledExecutorService executor;
    private final AtomicInteger queued = new AtomicInteger();

    WebhookSender(Storage storage, ObjectMapper json, CollectorConfig config) {
        this.storage = storage;
        this.json = json;
        this.settings = config.webhooks();
        this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "hotpath-webhook");
            thread.setDaemon(true);
            return thread;
        });
        this.http = new WebhookClient(settings.allowPrivateDestinations(), settings.timeout(), (SSLSocketFactory)
                SSLSocketFactory.getDefault());
    }

    /** Queues the message for the group's webhook; returns at once. */
    void send(long groupId, String causeKey, String url, WebhookMessage message) {
        send(groupId, causeKey, url, message, 0);
    }

    /** As {@link #send(long, String, String, WebhookMessage)}, for a delivery {@code attemptsSoFar} attempts old. */
    void send(long groupId, String causeKey, String url, WebhookMessage message, int attemptsSoFar) {
        if (queued.incrementAndGet() > MAX_QUEUED) {
            queued.decrementAndGet();
            record(groupId, causeKey, NotifyState.FAILED, 0, "not sent: " + MAX_QUEUED + " deliveries already queued");
            return;
        }
        Delivery delivery;
        try {
            delivery = new Delivery(groupId, causeKey, new URI(url), json.writeValueAsBytes(message));
        } catch (URISyntaxException e) {
            queued.decrementAndGet();
            // Not e.getMessage(): it quotes the whole URL, secret included.
            record(groupId, causeKey, NotifyState.FAILED, 0, "not sent: the stored url is not a valid URL");
            return;
        } catch (JsonProcessingException e) {
            queued.decrementAndGet();
            record(groupId, causeKey, NotifyState.FAILED, 0, "not sent: " + e.getOriginalMessage());
            return;
        }
        executor.execute(() -> attempt(delivery, attemptsSoFar + 1));
    }

    /**
     * How long a pending delivery can go without an attempt only when its collector is gone: longer than the longest
     * wait between two attempts (with jitter) plus one attempt's timeout, with a minute to spare.
     */
    Duration orphanedAfter() {
        return MAX_BACKOFF
                .plus(MAX_BACKOFF.dividedBy(5))
                .plus(settings.timeout())
                .plus(Duration.ofMinutes(1));
    }

    /** {@code error} as a read-only token sees it: without the receiver's answer, which may quote secrets. */
    static String withoutAnswer(String error) {
        if (error == null) {
            return null;
        }
        var matcher = WITH_ANSWER.matcher(error);
        return matcher.matches() && matcher.group(2) != null
                ? matcher.group(1) + " (answer shown to the admin only)"
                : error;
    }

    /** Deliveries waiting for an attempt or a retry. */
    int queued() {
        return queued.get();
    }

    private record Delivery(long groupId, String causeKey, URI url, byte[] body) {}

    private void attempt(Delivery delivery, int attempt) {
        String error;
        try {
            WebhookAnswer answer = http.post(delivery.url(), delivery.body());
            if (answer.status() / 100 == 2) {
                finish(delivery, NotifyState.SENT, attempt, null);
                return;
            }
            // Only the answer itself may follow "HTTP nnn: " (withoutAnswer hides it from read-only tokens).
            error = "HTTP " + answer.status() + (answer.body().isEmpty() ? "" : ": " + shorten(answer.body()))
                    + (answer.status() / 100 == 3 ? " (redirects are not followed)" : "")
                    + (answer.cut() == null ? "" : " (answer cut " + answer.cut() + ")");
        } catch (WebhookAddress.Refused e) {
            LOG.warnf(
                    "webhook %s not sent: %s",
                    WebhookUrl.redacted(delivery.url().toString()), e.getMessage());
            finish(delivery, NotifyState.FAILED, attempt, shorten(e.getMessage()));
            return;
        } catch (IOException e) {
            error = shorten(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (RuntimeException e) {
            // A bug must not leave the delivery PENDING and counted as queued for ever.
            LOG.errorf(
                    e,
                    "webhook %s: unexpected failure",
                    WebhookUrl.redacted(delivery.url().toString()));
            finish(
                    delivery,
                    NotifyState.FAILED,
                    attempt,
                    "not sent: unexpected " + e.getClass().getSimpleName() + " in the collector (see its log)");
            return;
        }
        if (attempt >= settings.maxAttempts()) {
            LOG.warnf(
                    "webhook %s failed %d times, giving up: %s",
                    WebhookUrl.redacted(delivery.url().toString()), attempt, error);
            finish(delivery, NotifyState.FAILED, attempt, error);
            return;
        }
        record(delivery.groupId(), delivery.causeKey(), NotifyState.PENDING, attempt, error);
        try {
            executor.schedule(
                    () -> attempt(delivery, attempt + 1), backoff(attempt).toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            finish(delivery, NotifyState.FAILED, attempt, error + " (collector shut down before the next attempt)");
        }
    }

    private static String shorten(String text) {
        return text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) + "..." : text;
    }

    /** The wait after attempt {@code n}: the configured backoff doubled per attempt, capped, plus up to 20% jitter. */
    private Duration backoff(int n) {
        Duration wait = settings.backoff().multipliedBy(1L << Math.min(n - 1, 20));
        if (wait.compareTo(MAX_BACKOFF) > 0) {
            wait = MAX_BACKOFF;
        }
        long jitter = ThreadLocalRandom.current().nextLong(wait.toMillis() / 5 + 1);
        return wait.plusMillis(jitter);
    }

    private void finish(Delivery delivery, NotifyState state, int attempts, String error) {
        queued.decrementAndGet();
        record(delivery.groupId(), delivery.causeKey(), state, attempts, error);
    }

    private void record(long groupId, String causeKey, NotifyState state, int attempts, String error) {
        try {
            storage.anomalyDelivery(groupId, causeKey, state, attempts, error);
        } catch (RuntimeException e) {
            // The delivery thread must survive a database hiccup; the state stays as last stored.
            LOG.warnf(e, "could not record webhook delivery state %s", state);
        }
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
        http.close();
    }
}
