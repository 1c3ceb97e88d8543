package dev.hotpath.collector.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/** The embedded PostgreSQL superuser's password: generated once, kept in a file only its owner can read. */
final class PasswordFile {

    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    private final String password;
    private final boolean created;

    private PasswordFile(String password, boolean created) {
        this.password = password;
        this.created = created;
    }

    /** Reads the password in {@code file}, or generates one and creates the file owner-only in the same step. */
    static PasswordFile readOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            String password = generate();
            try {
                create(file, password);
                return new PasswordFile(password, true);
            } catch (FileAlreadyExistsException raced) {
                // Another start created it first: use theirs, as every later start will.
            }
        }
        requireOwnerOnly(file);
        String password = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (password.isEmpty()) {
            throw new IllegalStateException("the embedded PostgreSQL password file " + file.toAbsolutePath()
                    + " is empty: delete it and start again (a new password is then set)");
        }
        return new PasswordFile(password, false);
    }

    String password() {
        return password;
    }

    /** Whether this start generated the password, so the server does not know it yet. */
    boolean created() {
        return created;
    }

    // Created with its permissions (CREATE_NEW + attribute): never a moment where the password is world-readable.
    private static void create(Path file, String password) throws IOException {
        Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        FileAttribute<?>[] ownerOnly = posix()
                ? new FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
                }
                : new FileAttribute<?>[0];
        try (SeekableByteChannel channel = Files.newByteChannel(file, options, ownerOnly)) {
            ByteBuffer bytes = ByteBuffer.wrap((password + "\n").getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
    }

    private static void requireOwnerOnly(Path file) throws IOException {
        if (!posix()) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
            throw new IllegalStateException("the embedded PostgreSQL password file " + file.toAbsolutePath()
                    + " is open to group or others (" + PosixFilePermissions.toString(permissions)
                    + "): run chmod 600 " + file.toAbsolutePath() + " and start again, or delete it if someone else"
                    + " may have read it (the next start sets a new password)");
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    // 192 random bits, URL-safe Base64: no quote or backslash, so it goes into SQL literals and URLs as is.
    private static String generate() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
