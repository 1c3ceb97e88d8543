package dev.hotpath.collector.config;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Puts an embedded PostgreSQL data directory behind scram-sha-256: sets the superuser's password and rewrites
 * pg_hba.conf so that every connection needs it. Covers a fresh initdb (zonky runs it with {@code -A trust}) and
 * data directories of collectors that predate the password.
 */
final class ScramAuthentication {

    static final String HBA = """
            # Written by the Hotpath collector at start: every connection needs the superuser's password
            # (scram-sha-256, kept in ../postgres-password); replication connections are refused.
            local   all   all                  scram-sha-256
            host    all   all   127.0.0.1/32   scram-sha-256
            host    all   all   ::1/128        scram-sha-256
            """;

    private ScramAuthentication() {}

    static boolean isApplied(Path pgData) throws IOException {
        Path hba = pgData.resolve("pg_hba.conf");
        return Files.exists(hba)
                && Files.readString(hba, StandardCharsets.UTF_8).equals(HBA);
    }

    /**
     * Sets the password, then rewrites pg_hba.conf. The password is set by a single-user backend: it opens no
     * socket, so the trust rules still in pg_hba.conf admit no one meanwhile. Repeating both steps is harmless,
     * so a crash between them is mended at the next start.
     */
    static void apply(Path pgData, Path postgresBinary, String password) throws IOException {
        setPassword(pgData, postgresBinary, password);
        Path hba = pgData.resolve("pg_hba.conf");
        Path next = pgData.resolve("pg_hba.conf.hotpath");
        Files.deleteIfExists(next);
        Files.writeString(
                Files.createFile(
                        next, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
                HBA,
                StandardCharsets.UTF_8);
        Files.move(next, hba, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void setPassword(Path pgData, Path postgresBinary, String password) throws IOException {
        List<String> command = new ArrayList<>();
        // As zonky runs initdb and pg_ctl: PostgreSQL refuses to run as root, so root runs it in a user namespace.
        if (LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(postgresBinary.toString(), "--single", "-D", pgData.toString(), "postgres"));
        Process backend = new ProcessBuilder(command).redirectErrorStream(true).start();
        // On stdin, never on the command line where ps shows it; one statement per line in single-user mode.
        try (OutputStream stdin = backend.getOutputStream()) {
            stdin.write(("SET password_encryption = 'scram-sha-256'\n" + "ALTER ROLE " + EmbeddedDatabase.USER
                            + " PASSWORD '" + password + "'\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(backend.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!backend.waitFor(2, TimeUnit.MINUTES)) {
                backend.destroyForcibly();
                throw new IOException("the single-user PostgreSQL setting the password in " + pgData
                        + " did not exit within 2 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            backend.destroyForcibly();
            throw new IOException("interrupted while setting the embedded PostgreSQL password", e);
        }
        if (backend.exitValue() != 0 || output.contains("ERROR:") || output.contains("FATAL:")) {
            throw new IOException(
                    "could not set the embedded PostgreSQL password in " + pgData + " (exit " + backend.exitValue()
                            + "): " + output.replace(password, "<password>").strip());
        }
    }
}
