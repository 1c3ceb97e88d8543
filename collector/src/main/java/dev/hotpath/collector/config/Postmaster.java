package dev.hotpath.collector.config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** One run of the embedded PostgreSQL server: zonky's handle on it, its pid, and the watch that stops it with us. */
final class Postmaster implements AutoCloseable {

    // Crash recovery after a kill replays the WAL since the last checkpoint: more than zonky's 10 s after heavy ingest.
    static final Duration STARTUP_WAIT = Duration.ofMinutes(2);

    private final EmbeddedPostgres postgres;
    private final PostmasterWatch watch;
    private final long pid;

    private Postmaster(EmbeddedPostgres postgres, PostmasterWatch watch, long pid) {
        this.postgres = postgres;
        this.watch = watch;
        this.pid = pid;
    }

    /**
     * Stops a server left on {@code pgData} by a collector that died, starts ours with {@code builder} (set up for
     * {@code pgData}) and starts the watch over it.
     */
    static Postmaster start(EmbeddedPostgres.Builder builder, Path pgData) throws IOException {
        LeftoverPostmaster.stopIfRunning(pgData);
        EmbeddedPostgres postgres = builder.setPGStartupWait(STARTUP_WAIT)
                // Our own hook (EmbeddedDatabase) stops the server: it must know the stop is wanted, not a crash.
                .setRegisterShutdownHook(false)
                .start();
        try {
            long pid = LeftoverPostmaster.readPid(pgData.resolve(LeftoverPostmaster.PID_FILE))
                    .orElseThrow(() -> new IOException("the embedded PostgreSQL started but wrote no "
                            + pgData.resolve(LeftoverPostmaster.PID_FILE)));
            return new Postmaster(postgres, PostmasterWatch.start(pid, pgData), pid);
        } catch (IOException | RuntimeException e) {
            postgres.close();
            throw e;
        }
    }

    long pid() {
        return pid;
    }

    long watchPid() {
        return watch.pid();
    }

    EmbeddedPostgres postgres() {
        return postgres;
    }

    /** Blocks until the server process has exited, however it ended. */
    void awaitExit() {
        ProcessHandle.of(pid).ifPresent(process -> process.onExit().join());
    }

    /** Stops the server (zonky's pg_ctl stop, fast mode), then the watch. */
    @Override
    public void close() throws IOException {
        try {
            postgres.close();
        } finally {
            watch.close();
        }
    }

    /** After the server died: releases zonky's lock on the folder (its pg_ctl stop fails) and ends the watch. */
    void releaseAfterCrash() throws IOException {
        watch.abandon();
        postgres.close();
    }
}
