package dev.hotpath.agent.export;

import dev.hotpath.agent.log.StderrLog;
import dev.hotpath.agent.report.PendingReport;
import dev.hotpath.proto.v1.AgentConfiguration;
import dev.hotpath.proto.v1.ConfigurationRequest;
import dev.hotpath.proto.v1.InstanceIdentity;
import dev.hotpath.proto.v1.Report;
import io.grpc.Status;
import java.io.IOException;
import java.security.SecureRandom;

/**
 * The hotpath-exporter job: sends queued reports in order with backoff, and polls the collector's
 * remote configuration at start and then every poll period.
 */
public final class Exporter implements Runnable {
    private static final long FIRST_RETRY_MILLIS = 500;

    /** Receives each remote configuration the collector answers with. */
    public interface RemoteConfigListener {
        void onRemoteConfiguration(AgentConfiguration configuration);
    }

    private final ExportQueue queue;
    private final CollectorClient client;
    private final String collector;
    private final String group;
    private final InstanceIdentity instance;
    private final RemoteConfigListener listener;
    private final StderrLog log;
    private final Backoff backoff;
    private volatile long pollEveryMillis;
    private volatile long callTimeoutMillis;
    private volatile boolean running = true;
    // The group's spool files of earlier runs, sent before the queue; the exporter thread's (see closeSpool).
    private SpoolClaim spool;
    private SpoolClaim.Spooled spooled;
    // Outage bookkeeping for the one summary line on recovery; only the thread calling send/poll touches it.
    private long failingSinceNanos;
    private int failedSends;
    private int failedPolls;

    public Exporter(
            ExportQueue queue,
            CollectorClient client,
            String collector,
            String group,
            InstanceIdentity instance,
            RemoteConfigListener listener,
            StderrLog log,
            long pollEveryMillis,
            long maxBackoffMillis,
            long callTimeoutMillis) {
        this.queue = queue;
        this.client = client;
        this.collector = collector;
        this.group = group;
        this.instance = instance;
        this.listener = listener;
        this.log = log;
        this.pollEveryMillis = pollEveryMillis;
        this.callTimeoutMillis = callTimeoutMillis;
        this.backoff = new Backoff(FIRST_RETRY_MILLIS, maxBackoffMillis, new SecureRandom());
    }

    /** New timings from changed settings; they apply from the next wait. */
    public void setTimings(long pollEveryMillis, long maxBackoffMillis, long callTimeoutMillis) {
        this.pollEveryMillis = pollEveryMillis;
        this.callTimeoutMillis = callTimeoutMillis;
        synchronized (backoff) {
            backoff.setMaxMillis(maxBackoffMillis);
        }
        queue.wakeUp();
    }

    /** Sends the group's spooled reports of earlier runs before the queue; call before the thread starts. */
    public void sendSpoolFirst(SpoolClaim claim) {
        this.spool = claim;
    }

    /** Asks {@link #run} to return; the caller interrupts the thread as well. */
    public void stop() {
        running = false;
        queue.wakeUp();
    }

    @Override
    public void run() {
        long lastPoll = Long.MIN_VALUE / 2;
        long retryAt = 0;
        try {
            while (running) {
                long now = System.nanoTime() / 1_000_000L;
                // Recomputed each turn: a new poll period (setTimings) applies to the wait already running.
                long nextPoll = lastPoll + pollEveryMillis;
                if (now >= nextPoll) {
                    pollConfiguration();
                    lastPoll = now;
                    nextPoll = now + pollEveryMillis;
                }
                // Reports of earlier runs first: they are the oldest.
                if (retryAt <= now && spool != null && nextSpooled() != null) {
                    retryAt =
                            sendSpooled(spooled, callTimeoutMillis) ? 0 : System.nanoTime() / 1_000_000L + nextDelay();
                    continue;
                }
                long until = Math.min(nextPoll, retryAt > now ? retryAt : Long.MAX_VALUE);
                PendingReport head = retryAt > now ? null : queue.awaitHead(Math.max(1, until - now));
                if (head == null) {
                    if (retryAt > now) {
                        Thread.sleep(Math.max(1, Math.min(until - now, 1000)));
                    }
                    continue;
                }
                retryAt = send(head, callTimeoutMillis) ? 0 : System.nanoTime() / 1_000_000L + nextDelay();
            }
        } catch (InterruptedException e) {
            // Stopped: the shutdown hook flushes what is left.
        } catch (Throwable t) {
            log.warn("exporter-crash", "exporter stopped: " + t);
        }
    }

    /** Sends queued reports until the queue is empty, a send fails, or {@code deadlineNanos} passes. */
    public void flush(long deadlineNanos) {
        PendingReport head;
        while ((head = queue.head()) != null) {
            long left = (deadlineNanos - System.nanoTime()) / 1_000_000L;
            if (left <= 0 || !send(head, left)) {
                return;
            }
        }
    }

    private long nextDelay() {
        synchronized (backoff) {
            return backoff.nextDelayMillis();
        }
    }

    private boolean send(PendingReport pending, long timeoutMillis) {
        Report report = queue.fix(pending, group, instance);
        Outcome outcome = submit(report, timeoutMillis, "it is dropped");
        if (outcome != Outcome.FAILED) {
            queue.remove(pending);
        }
        return outcome != Outcome.FAILED;
    }

    /** Sends a report of an earlier run read back from the spool; its file goes once acknowledged. */
    private boolean sendSpooled(SpoolClaim.Spooled spooled, long timeoutMillis) {
        Outcome outcome = submit(spooled.report, timeoutMillis, "its spool file is moved aside");
        if (outcome == Outcome.FAILED) {
            return false;
        }
        if (outcome == Outcome.SENT) {
            spool.delivered(spooled);
        } else {
            spool.rejected(spooled);
        }
        this.spooled = null;
        queue.holdSpooled(0);
        return true;
    }

    private enum Outcome {
        SENT,
        REJECTED,
        FAILED
    }

    private Outcome submit(Report report, long timeoutMillis, String onRejected) {
        try {
            client.submit(report, timeoutMillis);
            recovered(true);
            return Outcome.SENT;
        } catch (RuntimeException e) {
            Status status = Status.fromThrowable(e);
            if (status.getCode() == Status.Code.INVALID_ARGUMENT) {
                // The collector will never take this report; retrying would block every later one.
                log.warn(
                        "export-rejected",
                        "collector rejected report " + report.getReportId() + ": " + status + "; " + onRejected);
                return Outcome.REJECTED;
            }
            if (running) {
                // Not when cancelled by shutdown: the shutdown hook sends it again (or spools it).
                failed(true, status);
            }
            return Outcome.FAILED;
        }
    }

    /**
     * The spooled report to send now: the one still being retried, else the group's next file; none
     * once the spool is exhausted or unreadable, and then the claim is released.
     */
    private SpoolClaim.Spooled nextSpooled() {
        try {
            if (spooled == null) {
                spooled = spool.next(queue.limitBytes());
                if (spooled != null) {
                    queue.holdSpooled(spooled.report.getSerializedSize());
                }
            }
        } catch (IOException | RuntimeException e) {
            log.warn(
                    "spool",
                    "cannot read spool directory " + spool.spool().directory() + " (" + e
                            + "); its files stay there for the next start");
        }
        if (spooled == null) {
            closeSpool();
        }
        return spooled;
    }

    /**
     * Ends the sending of spooled reports and releases the group's spool files to the next process;
     * on the exporter thread, or after it ended.
     */
    public void closeSpool() {
        if (spool == null) {
            return;
        }
        if (spool.delivered() + spool.movedAside() > 0) {
            log.info("spool " + spool.spool().directory() + ": " + spool.delivered()
                    + " report(s) of earlier runs of group " + group + " delivered"
                    + (spool.movedAside() > 0 ? ", " + spool.movedAside() + " file(s) moved aside" : ""));
        }
        spool.close();
        spool = null;
        spooled = null;
        queue.holdSpooled(0);
    }

    private void pollConfiguration() {
        try {
            AgentConfiguration configuration = client.configuration(
                    ConfigurationRequest.newBuilder()
                            .setProfilingGroup(group)
                            .setInstance(instance)
                            .build(),
                    callTimeoutMillis);
            recovered(false);
            listener.onRemoteConfiguration(configuration);
        } catch (RuntimeException e) {
            if (running) {
                // Not when cancelled by shutdown: that is no problem of the collector's.
                failed(false, Status.fromThrowable(e));
            }
        }
    }

    /**
     * Logs a failed call at most once per distinct problem and quiet period: an outage of minutes is
     * one line, not one per retry or per kind of call.
     */
    private void failed(boolean sending, Status status) {
        if (failedSends + failedPolls == 0) {
            failingSinceNanos = System.nanoTime();
        }
        if (sending) {
            failedSends++;
        } else {
            failedPolls++;
        }
        String tls = TlsFailure.describe(status.getCause());
        if (tls != null) {
            log.warn("collector-tls", "TLS with collector " + collector + " failed: " + tls + "; nothing is sent");
            return;
        }
        log.warn(
                "collector-" + status.getCode(),
                "cannot reach collector " + collector + " (" + status.getCode()
                        + (status.getDescription() == null ? "" : ": " + status.getDescription())
                        + "); reports are kept within the memory limit and retried with backoff, settings stay as they are");
    }

    /** After a successful call; a poll answered while reports still fail is no recovery. */
    private void recovered(boolean sending) {
        if (!sending && failedSends > 0) {
            return;
        }
        synchronized (backoff) {
            backoff.reset();
        }
        if (failedSends + failedPolls == 0) {
            return;
        }
        long[] dropped = queue.dropped();
        log.info("collector " + collector + " reachable again after "
                + (System.nanoTime() - failingSinceNanos) / 1_000_000L + " ms and " + (failedSends + failedPolls)
                + " failed call(s); " + queue.size()
                + " report(s) queued, " + dropped[0] + " queued window(s) dropped so far for the memory limit");
        failedSends = 0;
        failedPolls = 0;
    }
}
