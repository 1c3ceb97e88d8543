package dev.hotpath.agent.export;

import dev.hotpath.agent.log.StderrLog;
import dev.hotpath.proto.v1.Report;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;

/**
 * The spool directory: reports a JVM could not send before it exited, each written whole or not
 * at all, bounded in bytes, for the next start of the same group to send ({@link SpoolClaim}).
 */
public final class Spool {
    private static final String TEMP_SUFFIX = ".tmp";
    private static final long STALE_TEMP_MILLIS = 10 * 60_000L;

    private final Path directory;
    private final String group;
    private final String groupKey;
    private final long limitBytes;
    private final boolean posix;

    private Spool(Path directory, String group, long limitBytes, boolean posix) {
        this.directory = directory;
        this.group = group;
        this.groupKey = SpoolFile.groupKey(group);
        this.limitBytes = limitBytes;
        this.posix = posix;
    }

    /**
     * The spool of {@code group} in {@code directory}, created owner-only (0700) if missing.
     *
     * @throws IOException saying why the directory cannot be used safely (see {@link OwnerOnlyDirectory})
     */
    public static Spool open(Path directory, String group, long limitBytes) throws IOException {
        return new Spool(OwnerOnlyDirectory.open(directory), group, limitBytes, OwnerOnlyDirectory.isPosix(directory));
    }

    public Path directory() {
        return directory;
    }

    public long limitBytes() {
        return limitBytes;
    }

    /**
     * Writes {@code reports} (oldest first), each to a temporary file, flushed to disk, then renamed
     * into place, so that a crash leaves either the whole file or none under a spool name. When the
     * directory's spool files would pass the limit, this group's oldest files are deleted first;
     * files of other groups are left alone, and a report that still does not fit is not written.
     * Reports left when {@code deadlineNanos} (of {@link System#nanoTime}) passes are not written:
     * each file costs a flush to disk, and the JVM's exit must not wait for them all.
     */
    public Written write(List<Report> reports, long deadlineNanos) throws IOException {
        List<Entry> files = list();
        long total = 0;
        for (Entry entry : files) {
            total += entry.bytes;
        }
        Written written = new Written();
        for (Report report : reports) {
            if (System.nanoTime() - deadlineNanos > 0) {
                written.outOfTime++;
                continue;
            }
            String name = SpoolFile.nameOf(groupKey, report);
            byte[] content = SpoolFile.encode(report);
            if (name == null || content.length > limitBytes) {
                written.notWritten++;
                continue;
            }
            while (total + content.length > limitBytes) {
                Entry oldest = oldestOfGroup(files);
                if (oldest == null) {
                    break;
                }
                files.remove(oldest);
                if (Files.deleteIfExists(directory.resolve(oldest.file.name))) {
                    total -= oldest.bytes;
                    written.droppedOldest++;
                }
            }
            if (total + content.length > limitBytes) {
                written.notWritten++;
                continue;
            }
            writeAtomically(name, content);
            files.add(new Entry(SpoolFile.parse(name), content.length));
            total += content.length;
            written.files++;
            written.bytes += content.length;
        }
        written.directoryBytes = total;
        if (written.files > 0) {
            syncDirectory();
        }
        return written;
    }

    /**
     * This group's spool files for this process to send, or null when another process (or this one)
     * holds them: the claim is an exclusive lock the operating system releases if the holder dies,
     * so two JVMs never send the same file and a crashed one leaves nothing stuck.
     */
    public SpoolClaim claim(StderrLog log) throws IOException {
        Path lockFile = directory.resolve(groupKey + ".lock");
        FileChannel channel = posix
                ? FileChannel.open(
                        lockFile, EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), ownerOnlyFile())
                : FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            return null;
        }
        deleteStaleTemporaryFiles();
        return new SpoolClaim(this, channel, log);
    }

    /** This group's readable spool files, oldest first. */
    List<SpoolFile> pending() throws IOException {
        List<SpoolFile> pending = new ArrayList<>();
        for (Entry entry : list()) {
            if (entry.file.groupKey.equals(groupKey) && !entry.file.bad) {
                pending.add(entry.file);
            }
        }
        Collections.sort(pending, OLDEST_FIRST);
        return pending;
    }

    String group() {
        return group;
    }

    Path path(SpoolFile file) {
        return directory.resolve(file.name);
    }

    /** Renames {@code file} aside so it is never read again; it still counts against the limit until dropped. */
    void moveAside(SpoolFile file) throws IOException {
        Files.move(path(file), directory.resolve(file.name + SpoolFile.BAD_SUFFIX), StandardCopyOption.ATOMIC_MOVE);
    }

    private static final Comparator<SpoolFile> OLDEST_FIRST = new Comparator<SpoolFile>() {
        @Override
        public int compare(SpoolFile a, SpoolFile b) {
            int byTime = Long.compare(a.windowEndMillis, b.windowEndMillis);
            return byTime != 0 ? byTime : a.name.compareTo(b.name);
        }
    };

    private Entry oldestOfGroup(List<Entry> files) {
        Entry oldest = null;
        for (Entry entry : files) {
            if (entry.file.groupKey.equals(groupKey)
                    && (oldest == null || OLDEST_FIRST.compare(entry.file, oldest.file) < 0)) {
                oldest = entry;
            }
        }
        return oldest;
    }

    /** Every spool file in the directory (all groups, moved-aside ones too) with its size. */
    private List<Entry> list() throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            for (Path path : stream) {
                SpoolFile file = SpoolFile.parse(path.getFileName().toString());
                if (file == null || !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try {
                    entries.add(new Entry(file, Files.size(path)));
                } catch (NoSuchFileException e) {
                    // Sent and deleted by its claimer meanwhile.
                }
            }
        }
        return entries;
    }

    private void writeAtomically(String name, byte[] content) throws IOException {
        Path temp = Files.createTempFile(directory, groupKey + "-", TEMP_SUFFIX, ownerOnlyFile());
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                // On disk before the rename: otherwise a power cut could leave the name with no content.
                channel.force(true);
            }
            Files.move(temp, directory.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Makes the renames durable; where a directory cannot be opened for this (Windows) the files still are. */
    private void syncDirectory() {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            // Best effort by design: see above.
        }
    }

    /** Temporary files of a writer that died mid-write: never read, so only their disk space matters. */
    private void deleteStaleTemporaryFiles() throws IOException {
        long now = System.currentTimeMillis();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, groupKey + "-*" + TEMP_SUFFIX)) {
            for (Path temp : stream) {
                try {
                    if (now
                                    - Files.getLastModifiedTime(temp, LinkOption.NOFOLLOW_LINKS)
                                            .toMillis()
                            > STALE_TEMP_MILLIS) {
                        Files.deleteIfExists(temp);
                    }
                } catch (NoSuchFileException e) {
                    // Renamed into place by its writer meanwhile.
                }
            }
        }
    }

    private FileAttribute<?>[] ownerOnlyFile() {
        return OwnerOnlyDirectory.ownerOnlyFile(posix);
    }

    /** What {@link #write} did. */
    public static final class Written {
        public int files;
        public long bytes;
        /** Older files of this group deleted to stay under the limit. */
        public int droppedOldest;
        /** Reports not written: larger than the whole limit, or no room left by other groups' files. */
        public int notWritten;
        /** Reports not written because the deadline passed. */
        public int outOfTime;
        /** Bytes of spool files in the directory afterwards. */
        public long directoryBytes;
    }

    private static final class Entry {
        final SpoolFile file;
        final long bytes;

        Entry(SpoolFile file, long bytes) {
            this.file = file;
            this.bytes = bytes;
        }
    }
}
