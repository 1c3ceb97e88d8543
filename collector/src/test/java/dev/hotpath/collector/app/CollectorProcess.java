package dev.hotpath.collector.app;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;

/** The packaged collector (target/hotpath-collector.jar) running in its own JVM, as a user starts it. */
public final class CollectorProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final Path log;
    private final int port;
    private final int plainPort;
    private final Tls tls;

    private CollectorProcess(Process process, Path log, int port, int plainPort, Tls tls) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.plainPort = plainPort;
        this.tls = tls;
    }

    /** The collector's PKCS#12 key store and an SSLContext of clients that trust its certificate. */
    public record Tls(Path keyStore, String password, SSLContext clientContext) {}

    /** Starts the jar with {@code dataDir} as working directory (so the default ./hotpath-data lands there). */
    public static CollectorProcess start(Path workDir, Map<String, String> env, String... jvmArgs) throws Exception {
        int port = freePort();
        return start(workDir, env, List.of("-Dquarkus.http.port=" + port), port, port, null, jvmArgs);
    }

    /**
     * Starts the jar serving HTTPS and gRPC over TLS on {@link #port()} with {@code tls}'s key store; the plain HTTP
     * port is {@link #plainPort()} (closed when a jvmArg sets quarkus.http.insecure-requests=disabled).
     */
    public static CollectorProcess startTls(Path workDir, Map<String, String> env, Tls tls, String... jvmArgs)
            throws Exception {
        int port = freePort();
        int plainPort = freePort();
        return start(
                workDir,
                env,
                List.of(
                        "-Dquarkus.http.ssl-port=" + port,
                        "-Dquarkus.http.port=" + plainPort,
                        "-Dquarkus.tls.key-store.p12.path=" + tls.keyStore().toAbsolutePath(),
                        "-Dquarkus.tls.key-store.p12.password=" + tls.password()),
                port,
                plainPort,
                tls,
                jvmArgs);
    }

    private static CollectorProcess start(
            Path workDir,
            Map<String, String> env,
            List<String> portArgs,
            int port,
            int plainPort,
            Tls tls,
            String... jvmArgs)
            throws Exception {
        Path jar = Path.of(System.getProperty("it.collector.jar", "target/hotpath-collector.jar"))
                .toAbsolutePath();
        if (!Files.exists(jar)) {
            fail("collector jar missing at " + jar + ": run mvn -pl collector verify (it is built in package)");
        }
        List<String> command = new ArrayList<>(List.of(javaBinary()));
        command.addAll(portArgs);
        command.addAll(List.of(jvmArgs));
        command.addAll(List.of("-jar", jar.toString()));
        Path log = Files.createTempFile(workDir, "collector-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        CollectorProcess collector = new CollectorProcess(builder.start(), log, port, plainPort, tls);
        collector.awaitReady();
        return collector;
    }

    /** The port of the UI, REST and gRPC: HTTPS when started with TLS. */
    public int port() {
        return port;
    }

    /** The plain HTTP port; the same as {@link #port()} without TLS. */
    public int plainPort() {
        return plainPort;
    }

    public String baseUrl() {
        return (tls == null ? "http" : "https") + "://localhost:" + port;
    }

    /** The collector JVM's process id, to read its memory and CPU from /proc. */
    public long pid() {
        return process.pid();
    }

    public String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    private void awaitReady() throws Exception {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                fail("collector exited with " + process.exitValue() + " before it was ready:\n" + log());
            }
            if (healthy()) {
                return;
            }
            Thread.sleep(250);
        }
        close();
        fail("collector not ready after " + START_TIMEOUT + ":\n" + log());
    }

    private boolean healthy() {
        try {
            HttpURLConnection c = (HttpURLConnection)
                    URI.create(baseUrl() + "/q/health/ready").toURL().openConnection();
            if (c instanceof HttpsURLConnection https) {
                https.setSSLSocketFactory(tls.clientContext().getSocketFactory());
            }
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            return c.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the collector the way a service manager does (SIGTERM) and waits for it to exit. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
