package dev.hotpath.benchmarks.collector;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged collector jar in its own JVM, as a user starts it: its default embedded PostgreSQL in the work
 * directory, an admin token of our choosing, a free port for HTTP and gRPC.
 */
final class CollectorServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final String DATABASE_URL_VARIABLE = "QUARKUS_DATASOURCE_JDBC_URL";
    private static final Pattern SERVER_PORT = Pattern.compile("^jdbc:postgresql://[^/:]+(?::(\\d+))?/");
    private static final Pattern AGENT_TOKEN = Pattern.compile("\"agentToken\"\\s*:\\s*\"([^\"]+)\"");

    private final Process process;
    private final Path workDir;
    private final Path log;
    private final int port;
    // A server database given as QUARKUS_DATASOURCE_JDBC_URL (to the collector, or inherited from this JVM); null for
    // the collector's embedded PostgreSQL.
    private final String serverDatabaseUrl;
    private final String adminToken = UUID.randomUUID().toString();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private CollectorServer(Path jar, Path workDir, int port, java.util.Map<String, String> environment)
            throws IOException {
        this.workDir = workDir;
        this.port = port;
        this.log = workDir.resolve("collector.log");
        this.serverDatabaseUrl = environment.getOrDefault(DATABASE_URL_VARIABLE, System.getenv(DATABASE_URL_VARIABLE));
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=" + port,
                "-Dhotpath.admin-token=" + adminToken,
                // Capacity is measured, not the per-group policy: the benchmark's agents all report into one group.
                "-Dhotpath.rate-limits.ingest-reports-per-second=1000000",
                "-Dhotpath.rate-limits.ingest-burst=1000000",
                "-jar",
                jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        this.process = builder.start();
    }

    /** Starts {@code jar} with {@code workDir} as its working directory and waits until it is ready. */
    static CollectorServer start(Path jar, Path workDir) throws Exception {
        return start(jar, workDir, java.util.Map.of());
    }

    /** As {@link #start(Path, Path)} with extra environment, e.g. QUARKUS_DATASOURCE_JDBC_URL for a server database. */
    static CollectorServer start(Path jar, Path workDir, java.util.Map<String, String> environment) throws Exception {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("collector jar not found: " + jar.toAbsolutePath()
                    + " (build it with: mvn -B -q -pl collector package -DskipTests, or pass --collector=PATH)");
        }
        Files.createDirectories(workDir);
        CollectorServer server = new CollectorServer(jar.toAbsolutePath(), workDir, freePort(), environment);
        try {
            server.awaitReady();
            return server;
        } catch (Exception e) {
            server.close();
            throw e;
        }
    }

    int port() {
        return port;
    }

    /** The collector JVM's process, for its CPU time. */
    ProcessHandle process() {
        return process.toHandle();
    }

    /**
     * The PostgreSQL server's main process, for its CPU time and its backends'. The embedded one is found through the
     * pid on the first line of its postmaster.pid (pg_ctl detaches it from the collector); a server database on this
     * machine through the lock file of its socket, whose first line is the same pid.
     */
    ProcessHandle postmaster() throws IOException {
        long pid;
        if (serverDatabaseUrl == null) {
            pid = Long.parseLong(postmasterPid().get(0).trim());
        } else {
            Matcher port = SERVER_PORT.matcher(serverDatabaseUrl);
            Path lock = Path.of("/var/run/postgresql/.s.PGSQL."
                    + (port.find() && port.group(1) != null ? port.group(1) : "5432") + ".lock");
            if (!Files.isReadable(lock)) {
                throw new IllegalStateException(
                        "no " + lock + ": PostgreSQL's CPU is measured only for a server on this " + "machine ("
                                + DATABASE_URL_VARIABLE + "=" + serverDatabaseUrl + ")");
            }
            pid = Long.parseLong(
                    Files.readAllLines(lock, StandardCharsets.UTF_8).get(0).trim());
        }
        return ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException("PostgreSQL process " + pid + " is gone"));
    }

    /** Which database the collector writes to, for the output: its embedded PostgreSQL's URL or the server's. */
    String databaseDescription() throws IOException {
        if (serverDatabaseUrl != null) {
            return "server PostgreSQL " + serverDatabaseUrl;
        }
        // The URL without its password: this output goes to CI logs.
        return "embedded PostgreSQL "
                + embeddedJdbcUrl().replaceAll("&password=[^&]*", "&password=(from hotpath-data/postgres-password)");
    }

    /** Creates a profiling group over REST and returns its agent token. */
    String createGroup(String name) throws Exception {
        HttpResponse<String> response = http.send(
                admin("/api/v1/groups")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher token = AGENT_TOKEN.matcher(response.body());
        if (response.statusCode() != 201 || !token.find()) {
            throw new IllegalStateException(
                    "creating group " + name + " answered " + response.statusCode() + ": " + response.body());
        }
        return token.group(1);
    }

    /** A GET of {@code pathAndQuery} with the admin token; throws unless it answers 200. */
    /** One unmeasured GET (the collector's JIT compiles that path), then {@code times} timed ones. */
    TimedGets timedGets(String pathAndQuery, int times) throws Exception {
        get(pathAndQuery);
        List<Double> millis = new java.util.ArrayList<>();
        String body = "";
        for (int i = 0; i < times; i++) {
            long began = System.nanoTime();
            body = get(pathAndQuery);
            millis.add((System.nanoTime() - began) / 1e6);
        }
        return new TimedGets(dev.hotpath.benchmarks.Stats.of(millis), body);
    }

    /** The timed requests' milliseconds and the last answer's body. */
    record TimedGets(dev.hotpath.benchmarks.Stats millis, String lastBody) {}

    String get(String pathAndQuery) throws Exception {
        HttpResponse<String> response =
                http.send(admin(pathAndQuery).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "GET " + pathAndQuery + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /**
     * The JDBC URL of the collector's embedded PostgreSQL: it listens on a port it chose, which PostgreSQL writes
     * on the fourth line of postmaster.pid in its data directory (hotpath-data/postgres under the work directory),
     * and takes the password the collector generated into hotpath-data/postgres-password.
     */
    String embeddedJdbcUrl() throws IOException {
        if (serverDatabaseUrl != null) {
            throw new IllegalStateException("the collector writes to " + serverDatabaseUrl + ", not to an embedded "
                    + "PostgreSQL, whose tables the query benchmark bulk-loads: run --only=ingest here, or "
                    + "EngineQueryBenchmark for the flame graph on a server database");
        }
        String password = Files.readString(
                        workDir.resolve("hotpath-data").resolve("postgres-password"), StandardCharsets.UTF_8)
                .trim();
        return "jdbc:postgresql://localhost:" + postmasterPid().get(3).trim() + "/postgres?user=postgres&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
    }

    private List<String> postmasterPid() throws IOException {
        Path pidFile = workDir.resolve("hotpath-data").resolve("postgres").resolve("postmaster.pid");
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.size() < 4) {
            throw new IllegalStateException(
                    pidFile + " has no pid and port lines: is the embedded PostgreSQL running?");
        }
        return lines;
    }

    /** The collector's console output so far, for error messages. */
    String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder admin(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery))
                .header("Authorization", "Bearer " + adminToken)
                .timeout(Duration.ofMinutes(2));
    }

    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "collector exited with " + process.exitValue() + " before it was ready:\n" + log());
            }
            try {
                HttpResponse<Void> health = http.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("collector not ready after " + START_TIMEOUT + ":\n" + log());
    }

    /** Stops the collector as a service manager does (SIGTERM); it stops its embedded PostgreSQL on the way. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
