package dev.hotpath.collector.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hotpath.collector.config.CollectorConfig;
import dev.hotpath.collector.storage.RecordedAnomaly.NotifyState;
import dev.hotpath.collector.storage.Storage;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * POSTs new anomalies to webhooks on its own daemon thread (never a request or ingest thread), retrying failures
 * and timeouts with exponential backoff and jitter up to a bounded number of attempts; every outcome is stored.
 */
@Singleton
class WebhookSender {

    private static final Logger LOG = Logger.getLogger(WebhookSender.class);
    // Deliveries waiting or retrying at once; beyond this a new one is recorded as failed instead of queued.
    private static final int MAX_QUEUED = 1_000;
    private static final int MAX_ERROR_LENGTH = 500;
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    private final Storage storage;
    private final ObjectMapper json;
    private final CollectorConfig.Webhooks settings;
    private final HttpClient http;
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
        // HTTP/1.1: receivers behind simple servers need no h2c upgrade. The client keeps its own executor: send()
        // blocks the delivery thread, which must not be the one the client needs to complete the exchange.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout()).build();
    }

    /** Queues the message for the group's webhook; returns at once. */
    void send(long groupId, String causeKey, String url, WebhookMessage message) {
        if (queued.incrementAndGet() > MAX_QUEUED) {
            queued.decrementAndGet();
            record(groupId, causeKey, NotifyState.FAILED, 0, "not sent: " + MAX_QUEUED + " deliveries already queued");
            return;
        }
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(settings.timeout())
                    .header("Content-Type", "application/json").header("User-Agent", "hotpath-collector")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(message))).build();
        } catch (JsonProcessingException | IllegalArgumentException e) {
            queued.decrementAndGet();
            record(groupId, causeKey, NotifyState.FAILED, 0, "not sent: " + e.getMessage());
            return;
        }
        executor.execute(() -> attempt(new Delivery(groupId, causeKey, request), 1));
    }

    /** Deliveries waiting for an attempt or a retry. */
    int queued() {
        return queued.get();
    }

    private record Delivery(long groupId, String causeKey, HttpRequest request) {
    }

    private void attempt(Delivery delivery, int attempt) {
        String error;
        try {
            HttpResponse<String> response = http.send(delivery.request(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 == 2) {
                finish(delivery, NotifyState.SENT, attempt, null);
                return;
            }
            error = "HTTP " + response.statusCode() + (response.body().isBlank() ? "" : ": " + response.body());
        } catch (IOException e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finish(delivery, NotifyState.FAILED, attempt, "collector shut down while sending");
            return;
        }
        error = error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) + "..." : error;
        if (attempt >= settings.maxAttempts()) {
            LOG.warnf("webhook %s failed %d times, giving up: %s", delivery.request().uri(), attempt, error);
            finish(delivery, NotifyState.FAILED, attempt, error);
            return;
        }
        record(delivery.groupId(), delivery.causeKey(), NotifyState.PENDING, attempt, error);
        try {
            executor.schedule(() -> attempt(delivery, attempt + 1), backoff(attempt).toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            finish(delivery, NotifyState.FAILED, attempt, error + " (collector shut down before the next attempt)");
        }
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
    }
}
