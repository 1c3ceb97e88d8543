package dev.hotpath.agent.export;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Set;

/**
 * A directory only this process's user can read, write or replace: created 0700, or checked to be
 * so, and resolved once to its real path so that a symbolic link swapped later cannot redirect it.
 */
final class OwnerOnlyDirectory {
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
    private static final int GROUP_OR_OTHERS_WRITE = 0022;
    private static final int STICKY = 01000;

    private OwnerOnlyDirectory() {}

    /**
     * The real path of {@code directory}, created owner-only if missing.
     *
     * @throws IOException saying what is unsafe: not a directory, permissions for group or others,
     *     another owner, or a parent others may write without the sticky bit (they could replace it)
     */
    static Path open(Path directory) throws IOException {
        boolean posix = isPosix(directory);
        if (!Files.exists(directory)) {
            Path parent = directory.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try {
                Files.createDirectory(
                        directory,
                        posix
                                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                                : new FileAttribute<?>[0]);
            } catch (FileAlreadyExistsException e) {
                // Another JVM made it at the same time: checked below like any existing directory.
            }
        }
        if (!Files.isDirectory(directory)) {
            throw new IOException("not a directory");
        }
        Path real = directory.toRealPath();
        if (!posix) {
            return real;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(real);
        if (!OWNER_ONLY.containsAll(permissions)) {
            throw new IOException("its permissions are " + PosixFilePermissions.toString(permissions)
                    + ": group or others could read the stack frames in it or plant reports; run chmod 700 " + real);
        }
        // Our own user owns a file we create: no lookup of the user's name needed.
        Path probe = Files.createTempFile(real, ".owner-", ".tmp", ownerOnlyFile(true));
        UserPrincipal us;
        try {
            us = Files.getOwner(probe);
        } finally {
            Files.deleteIfExists(probe);
        }
        UserPrincipal owner = Files.getOwner(real);
        if (!us.equals(owner)) {
            throw new IOException(
                    "it is owned by " + owner.getName() + ", not by " + us.getName() + " who runs this JVM");
        }
        Path parent = real.getParent();
        Integer mode = parent == null ? null : unixMode(parent);
        if (mode != null && (mode & GROUP_OR_OTHERS_WRITE) != 0 && (mode & STICKY) == 0) {
            throw new IOException("its parent " + parent + " may be written by group or others (mode "
                    + Integer.toOctalString(mode & 07777) + ", no sticky bit), who could replace it with their own");
        }
        return real;
    }

    static boolean isPosix(Path path) {
        return Files.getFileAttributeView(path.toAbsolutePath().getRoot(), PosixFileAttributeView.class) != null;
    }

    /** Attributes of a file only its owner may read and write (0600), where the file system has them. */
    static FileAttribute<?>[] ownerOnlyFile(boolean posix) {
        return posix
                ? new FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(
                            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE))
                }
                : new FileAttribute<?>[0];
    }

    /** The mode bits with the sticky bit, which the portable permissions leave out; null where unknown. */
    private static Integer unixMode(Path path) {
        try {
            Object mode = Files.getAttribute(path, "unix:mode");
            return mode instanceof Integer ? (Integer) mode : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
