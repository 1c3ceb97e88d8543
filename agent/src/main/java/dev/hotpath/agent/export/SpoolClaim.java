package dev.hotpath.agent.export;

import dev.hotpath.agent.log.StderrLog;
import dev.hotpath.proto.v1.Report;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * This process's hold on its group's spool files: it hands them out oldest first, deletes each
 * once the collector acknowledged it, and moves aside files that hold no report of the group. The
 * files are listed afresh each time, so those other JVMs write meanwhile are sent too.
 */
public final class SpoolClaim implements AutoCloseable {
    private final Spool spool;
    private final FileChannel lock;
    private final StderrLog log;
    private final Set<String> skipped = new HashSet<>();
    private int delivered;
    private int movedAside;

    SpoolClaim(Spool spool, FileChannel lock, StderrLog log) {
        this.spool = spool;
        this.lock = lock;
        this.log = log;
    }

    /** This group's files waiting, and their bytes, for the startup line. */
    public long[] waiting() throws IOException {
        long bytes = 0;
        List<SpoolFile> pending = spool.pending();
        for (SpoolFile file : pending) {
            try {
                bytes += Files.size(spool.path(file));
            } catch (NoSuchFileException e) {
                // Deleted meanwhile (the limit of a writer).
            }
        }
        return new long[] {pending.size(), bytes};
    }

    /**
     * The oldest spooled report of the group, or null when none is left. A file that holds no report
     * of the group is moved aside; one larger than {@code maxBytes} (this JVM's memory limit) is left
     * for a JVM that may hold it. Each such file is named in a line (one per quiet period, the rest counted).
     */
    public Spooled next(long maxBytes) throws IOException {
        for (SpoolFile file : spool.pending()) {
            if (skipped.contains(file.name)) {
                continue;
            }
            byte[] content;
            try {
                if (Files.size(spool.path(file)) > maxBytes) {
                    skip(file, "larger than this JVM's memory limit of " + maxBytes + " bytes; left for another");
                    continue;
                }
                content = Files.readAllBytes(spool.path(file));
            } catch (NoSuchFileException e) {
                continue;
            }
            try {
                return new Spooled(file, file.decode(content, spool.group(), maxBytes));
            } catch (SpoolFile.TooLarge e) {
                skip(file, e.getMessage() + ", over this JVM's memory limit; left for another");
            } catch (SpoolFile.Bad e) {
                moveAside(file, "holds no report of group " + spool.group() + ": " + e.getMessage());
            }
        }
        return null;
    }

    /** The collector acknowledged it: the file goes. */
    public void delivered(Spooled report) {
        delivered++;
        try {
            Files.deleteIfExists(spool.path(report.file));
        } catch (IOException e) {
            skipped.add(report.file.name);
            log.warn(
                    "spool-delete",
                    "cannot delete delivered spool file " + spool.path(report.file) + " (" + e
                            + "); the next start sends it again and the collector stores it once");
        }
    }

    /** The collector will never take it: kept aside, never sent again. */
    public void rejected(Spooled report) {
        moveAside(report.file, "was rejected by the collector");
    }

    public int delivered() {
        return delivered;
    }

    public int movedAside() {
        return movedAside;
    }

    public Spool spool() {
        return spool;
    }

    /** Releases the group's files to the next process that claims them. */
    @Override
    public void close() {
        try {
            lock.close();
        } catch (IOException e) {
            // Closing a lock file cannot lose anything; the process's exit releases it anyway.
        }
    }

    private void skip(SpoolFile file, String why) {
        skipped.add(file.name);
        log.warn("spool-skipped", "spool file " + spool.path(file) + " is " + why);
    }

    private void moveAside(SpoolFile file, String why) {
        try {
            spool.moveAside(file);
            movedAside++;
            log.warn(
                    "spool-bad",
                    "spool file " + spool.path(file) + " " + why + "; moved aside as " + file.name
                            + SpoolFile.BAD_SUFFIX);
        } catch (NoSuchFileException e) {
            // Dropped for the limit by a writer meanwhile.
        } catch (IOException e) {
            skipped.add(file.name);
            log.warn(
                    "spool-bad",
                    "spool file " + spool.path(file) + " " + why + "; it cannot be moved aside (" + e
                            + ") and is skipped");
        }
    }

    /** A report read back from its spool file. */
    public static final class Spooled {
        final SpoolFile file;
        public final Report report;

        Spooled(SpoolFile file, Report report) {
            this.file = file;
            this.report = report;
        }
    }
}
