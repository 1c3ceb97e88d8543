package dev.hotpath.collector.config;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A small shell process that stops the embedded postmaster when the collector's JVM ends, however it ends: it waits
 * for end of file on its stdin, a pipe only this JVM holds, which the kernel closes when the JVM dies, even by
 * SIGKILL. Linux's PR_SET_PDEATHSIG would do it without a process, but Java cannot call it, and the postmaster is
 * not our child anyway (pg_ctl daemonizes it). It costs one blocked {@code sh} and {@code cat}: no polling.
 */
final class PostmasterWatch implements AutoCloseable {

    // $1 pid, $2 data folder. Signal only while postmaster.pid still names that pid, as pg_ctl stop decides: a
    // server that stopped normally has removed the file, and its pid may since belong to someone else.
    private static final String SCRIPT = "cat >/dev/null; "
            + "[ \"$(head -n 1 \"$2/postmaster.pid\" 2>/dev/null)\" = \"$1\" ] && kill -INT \"$1\" 2>/dev/null; exit 0";

    private final Process watcher;

    private PostmasterWatch(Process watcher) {
        this.watcher = watcher;
    }

    /** Starts the watch over the postmaster {@code pid} serving {@code pgData}. */
    static PostmasterWatch start(long pid, Path pgData) throws IOException {
        Process watcher = new ProcessBuilder(
                        "sh",
                        "-c",
                        SCRIPT,
                        "hotpath-postmaster-watch",
                        Long.toString(pid),
                        pgData.toAbsolutePath().toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        return new PostmasterWatch(watcher);
    }

    long pid() {
        return watcher.pid();
    }

    /** Ends the watch without it signalling anything: for a server that died, whose pid file is stale. */
    void abandon() {
        watcher.descendants().forEach(ProcessHandle::destroyForcibly);
        watcher.destroyForcibly();
    }

    /** Ends the watch; called after the server was stopped normally, so the pid file is gone and nothing is sent. */
    @Override
    public void close() {
        try {
            watcher.getOutputStream().close();
        } catch (IOException e) {
            watcher.destroy();
        }
    }
}
