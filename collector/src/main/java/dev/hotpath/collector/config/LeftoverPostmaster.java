package dev.hotpath.collector.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A postmaster still running on the embedded data folder after its collector died (kill -9, OOM killer): found
 * through {@code postmaster.pid} and stopped as {@code pg_ctl stop -m fast} would, so our own server can start.
 */
final class LeftoverPostmaster {

    private static final Logger LOG = Logger.getLogger(LeftoverPostmaster.class);

    static final String PID_FILE = "postmaster.pid";
    // A fast shutdown rolls back what was in flight and writes a checkpoint: seconds, even after heavy ingest.
    private static final Duration FAST_SHUTDOWN = Duration.ofSeconds(60);
    private static final Duration IMMEDIATE_SHUTDOWN = Duration.ofSeconds(15);

    private LeftoverPostmaster() {}

    /**
     * Stops the postmaster named by {@code pgData}/postmaster.pid when it is alive and really a postgres serving
     * that folder. A pid file of a dead process is left to PostgreSQL, which replaces it as at any start; one whose
     * pid now belongs to another program is removed (PostgreSQL would refuse to start, taking it for a server).
     *
     * @return the pid of the postmaster stopped, if there was one
     */
    static Optional<Long> stopIfRunning(Path pgData) throws IOException {
        Path pidFile = pgData.resolve(PID_FILE);
        Optional<Long> pid = readPid(pidFile);
        if (pid.isEmpty()) {
            return Optional.empty();
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid.get());
        if (process.isEmpty() || !process.get().isAlive()) {
            return Optional.empty();
        }
        if (!servesFolder(pid.get(), pgData)) {
            LOG.warnf(
                    "%s names pid %d, which is not a PostgreSQL server on %s (the pid was reused): removing the"
                            + " stale file",
                    pidFile, pid.get(), pgData);
            Files.deleteIfExists(pidFile);
            return Optional.empty();
        }
        LOG.warnf(
                "A PostgreSQL server (pid %d) left by a collector that did not shut down is still running on %s:"
                        + " stopping it (fast shutdown) before starting ours",
                pid.get(), pgData);
        Instant started = Instant.now();
        signal(pid.get(), "INT");
        if (!awaitExit(process.get(), FAST_SHUTDOWN)) {
            LOG.warnf(
                    "PostgreSQL pid %d did not stop within %s of a fast shutdown: immediate shutdown (its next start"
                            + " replays the WAL)",
                    pid.get(), FAST_SHUTDOWN);
            signal(pid.get(), "QUIT");
            if (!awaitExit(process.get(), IMMEDIATE_SHUTDOWN)) {
                throw new IllegalStateException("the PostgreSQL server left on " + pgData + " (pid " + pid.get()
                        + ") does not stop: stop it (kill " + pid.get() + ") and start the collector again");
            }
        }
        LOG.infof(
                "Left-over PostgreSQL pid %d stopped in %d ms",
                pid.get(), Duration.between(started, Instant.now()).toMillis());
        return pid;
    }

    // The first line of postmaster.pid is the postmaster's pid (a negative one marks a single-user backend).
    static Optional<Long> readPid(Path pidFile) throws IOException {
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Math.abs(Long.parseLong(lines.get(0).trim())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    // A postmaster changes into its data folder at start; where /proc is missing, its command name has to do.
    static boolean servesFolder(long pid, Path pgData) {
        Path proc = Path.of("/proc", Long.toString(pid));
        if (Files.isDirectory(proc)) {
            try {
                String comm = Files.readString(proc.resolve("comm")).trim();
                return comm.equals("postgres")
                        && Files.readSymbolicLink(proc.resolve("cwd")).equals(pgData.toRealPath());
            } catch (IOException e) {
                return false;
            }
        }
        return ProcessHandle.of(pid)
                .flatMap(p -> p.info().command())
                .map(command -> Path.of(command).getFileName().toString().equals("postgres"))
                .orElse(false);
    }

    // Java signals only with SIGTERM (smart shutdown, which waits for every client) or SIGKILL.
    private static void signal(long pid, String name) throws IOException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid))
                .redirectErrorStream(true)
                .start();
        try {
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while signalling PostgreSQL pid " + pid, e);
        }
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
