package dev.hotpath.collector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The collector's embedded PostgreSQL, started for real: who may connect, what is on disk, old data folders. */
class EmbeddedDatabaseIT {

    // One server for the tests that only look at it; those that start their own take a folder of their own.
    @TempDir
    static Path dataDir;

    private static EmbeddedDatabase database;

    @BeforeAll
    static void startShared() throws Exception {
        database = startIn(dataDir);
    }

    @AfterAll
    static void stopShared() throws Exception {
        database.stop();
    }

    @Test
    void connect_postgresWithoutPassword_refused() {
        // pgjdbc gives up when the server asks for SCRAM and it has no password: the server trusts no one.
        assertThatThrownBy(() -> connect(database, null).close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("SCRAM")
                .hasMessageContaining("no password");
    }

    @Test
    void connect_postgresWithWrongPassword_refusedByServer() {
        assertThatThrownBy(() -> connect(database, "postgres").close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed for user \"postgres\"")
                .extracting(e -> ((SQLException) e).getSQLState())
                .isEqualTo("28P01");
    }

    @Test
    void connect_passwordFromFile_superuserOnLoopbackOnlyWithoutUnixSocket() throws Exception {
        String password = Files.readString(dataDir.resolve(EmbeddedDatabase.PASSWORD_FILE))
                .trim();
        try (Connection c = connect(database, password);
                Statement s = c.createStatement()) {
            assertThat(setting(s, "listen_addresses")).isEqualTo("localhost");
            assertThat(setting(s, "unix_socket_directories")).isEmpty();
            assertThat(setting(s, "password_encryption")).isEqualTo("scram-sha-256");
            try (ResultSet rs = s.executeQuery("SELECT rolpassword FROM pg_authid WHERE rolname = 'postgres'")) {
                rs.next();
                assertThat(rs.getString(1)).startsWith("SCRAM-SHA-256$");
            }
        }
    }

    @Test
    void passwordFile_firstStart_ownerReadWriteOnly() throws Exception {
        Path file = dataDir.resolve(EmbeddedDatabase.PASSWORD_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(file).trim()).hasSize(32).isEqualTo(database.password());
    }

    @Test
    void binaries_firstStart_unpackedInPrivateFolderOfDataDir() throws Exception {
        Path binaries = dataDir.resolve(EmbeddedDatabase.BINARIES_DIR);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(binaries)))
                .isEqualTo("rwx------");
        assertThat(EmbeddedDatabase.postgresBinary(binaries)).startsWith(binaries);
        // The command line the running server was started with.
        String opts = Files.readString(dataDir.resolve("postgres/postmaster.opts"), StandardCharsets.UTF_8);
        assertThat(opts).startsWith(binaries.toAbsolutePath().toString());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)))
                .isEqualTo("rwx------");
    }

    @Test
    void settings_default_durableFsyncAndSynchronousCommitOn() throws Exception {
        String password = Files.readString(dataDir.resolve(EmbeddedDatabase.PASSWORD_FILE))
                .trim();
        try (Connection c = connect(database, password);
                Statement s = c.createStatement()) {
            // zonky's own defaults are -F (fsync off) and synchronous_commit=off.
            assertThat(setting(s, "fsync")).isEqualTo("on");
            assertThat(setting(s, "synchronous_commit")).isEqualTo("on");
            assertThat(setting(s, "full_page_writes")).isEqualTo("on");
        }
    }

    @Test
    void settings_loseRecentReportsOnCrash_synchronousCommitOffFsyncStillOn(@TempDir Path dir) throws Exception {
        EmbeddedDatabase fast = EmbeddedDatabase.start(dir, Durability.LOSE_RECENT_REPORTS_ON_CRASH, ARCHIVES);
        try (Connection c = connect(fast, fast.password());
                Statement s = c.createStatement()) {
            assertThat(setting(s, "fsync")).isEqualTo("on");
            assertThat(setting(s, "synchronous_commit")).isEqualTo("off");
        } finally {
            fast.stop();
        }
    }

    @Test
    void watch_collectorGone_serverStoppedAndPidFileRemoved(@TempDir Path dir) throws Exception {
        EmbeddedDatabase orphan = startIn(dir);
        Path pidFile = dir.resolve("postgres").resolve(LeftoverPostmaster.PID_FILE);
        long postmaster = LeftoverPostmaster.readPid(pidFile).orElseThrow();
        ProcessHandle watch = ProcessHandle.of(orphan.watchPid()).orElseThrow();
        try {
            // What the kernel does at the JVM's death: the watch's stdin reaches end of file (here: cat is killed).
            List<ProcessHandle> cat = watch.children().toList();
            for (int i = 0; cat.isEmpty() && i < 300; i++) {
                Thread.sleep(100); // sh may not have started cat yet
                cat = watch.children().toList();
            }
            assertThat(cat).as("the watch's cat").hasSize(1);
            cat.forEach(ProcessHandle::destroyForcibly);

            assertThat(watch.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
            ProcessHandle.of(postmaster).ifPresent(p -> p.onExit().join());
            assertThat(ProcessHandle.of(postmaster))
                    .as("postmaster after the watch ended")
                    .isEmpty();
            assertThat(pidFile).as("removed by a clean shutdown").doesNotExist();
        } finally {
            orphan.stop();
        }
        EmbeddedDatabase again = startIn(dir);
        again.stop();
    }

    @Test
    void watch_serverStoppedNormally_watchEndsWithoutSignal(@TempDir Path dir) throws Exception {
        EmbeddedDatabase stopped = startIn(dir);
        ProcessHandle watch = ProcessHandle.of(stopped.watchPid()).orElseThrow();

        stopped.stop();

        assertThat(watch.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
    }

    @Test
    void pidFile_ofDeadProcess_serverStartsAsPostgresDoes(@TempDir Path dir) throws Exception {
        startIn(dir).stop();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        writePidFile(dir, gone.pid());

        EmbeddedDatabase started = startIn(dir);
        try {
            connect(started, started.password()).close();
        } finally {
            started.stop();
        }
    }

    @Test
    void pidFile_pidReusedByAnotherProgram_fileReplacedThatProgramUntouched(@TempDir Path dir) throws Exception {
        startIn(dir).stop();
        Process other = new ProcessBuilder("sleep", "300").start();
        try {
            writePidFile(dir, other.pid());

            EmbeddedDatabase started = startIn(dir);
            try {
                connect(started, started.password()).close();
                assertThat(LeftoverPostmaster.readPid(dir.resolve("postgres").resolve(LeftoverPostmaster.PID_FILE)))
                        .isNotEqualTo(Optional.of(other.pid()));
            } finally {
                started.stop();
            }
            assertThat(other.isAlive()).as("the program that got the old pid").isTrue();
        } finally {
            other.destroyForcibly();
        }
    }

    // The lines PostgreSQL writes first: pid, data folder, start time, port.
    private static void writePidFile(Path dir, long pid) throws IOException {
        Path pgData = dir.resolve("postgres");
        Files.writeString(
                pgData.resolve(LeftoverPostmaster.PID_FILE),
                pid + "\n" + pgData.toAbsolutePath() + "\n1700000000\n5432\n");
    }

    @Test
    void oldTrustDataDir_start_upgradedToPasswordAndDataKept(@TempDir Path old) throws Exception {
        // What collectors before the password made: zonky's initdb -A trust, password "postgres" never checked.
        EmbeddedPostgres before = EmbeddedPostgres.builder()
                .setDataDirectory(old.resolve("postgres"))
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(old.resolve("old-bin").toFile())
                .setPgBinaryResolver((system, hardware) -> EmbeddedPostgres.class.getResourceAsStream(
                        "/postgres-" + system.toLowerCase(Locale.ROOT) + "-" + hardware + ".txz"))
                .start();
        try (Connection c = before.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (name text)");
            s.execute("INSERT INTO kept VALUES ('from the trust era')");
        }
        before.close();
        assertThat(ScramAuthentication.isApplied(old.resolve("postgres"))).isFalse();

        EmbeddedDatabase upgraded = startIn(old);
        try {
            assertThat(Files.readString(old.resolve("postgres/pg_hba.conf"))).isEqualTo(ScramAuthentication.HBA);
            assertThatThrownBy(() -> connect(upgraded, "postgres").close())
                    .isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getSQLState())
                    .isEqualTo("28P01");
            try (Connection c = connect(upgraded, upgraded.password());
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT name FROM kept")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("from the trust era");
            }
        } finally {
            upgraded.stop();
        }

        EmbeddedDatabase restarted = startIn(old);
        try (Connection c = connect(restarted, restarted.password());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM kept")) {
            assertThat(restarted.password()).isEqualTo(upgraded.password());
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        } finally {
            restarted.stop();
        }
    }

    @Test
    void passwordFile_readableByOthers_startRefusedNamingFileAndFix(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(EmbeddedDatabase.PASSWORD_FILE);
        Files.writeString(file, "leaked\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> startIn(dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toAbsolutePath().toString())
                .hasMessageContaining("rw-r--r--")
                .hasMessageContaining("chmod 600");
        assertThat(dir.resolve("postgres")).doesNotExist();
    }

    @Test
    void passwordFile_deleted_newPasswordSetAtNextStart(@TempDir Path dir) throws Exception {
        EmbeddedDatabase first = startIn(dir);
        String old = first.password();
        first.stop();
        Files.delete(dir.resolve(EmbeddedDatabase.PASSWORD_FILE));

        EmbeddedDatabase second = startIn(dir);
        try {
            assertThat(second.password()).isNotEqualTo(old);
            assertThatThrownBy(() -> connect(second, old).close()).isInstanceOf(SQLException.class);
            connect(second, second.password()).close();
        } finally {
            second.stop();
        }
    }

    // After a @QuarkusTest in this JVM zonky's default resolver sees the binaries jar twice (two class loaders) and
    // refuses; the first copy is the right one (as in EmbeddedPostgresStorageIT).
    private static final PgBinaryResolver ARCHIVES = (system, hardware) -> EmbeddedPostgres.class.getResourceAsStream(
            "/postgres-" + system.toLowerCase(Locale.ROOT) + "-" + hardware + ".txz");

    private static EmbeddedDatabase startIn(Path dir) throws IOException {
        return EmbeddedDatabase.start(dir, ARCHIVES);
    }

    private static Connection connect(EmbeddedDatabase database, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "postgres");
        if (password != null) {
            properties.setProperty("password", password);
        }
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + database.port() + "/postgres", properties);
    }

    private static String setting(Statement s, String name) throws SQLException {
        try (ResultSet rs = s.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
