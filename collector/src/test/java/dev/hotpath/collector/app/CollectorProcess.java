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

/** The packaged collector (target/hotpath-collector.jar) running in its own JVM, as a user starts it. */
public final class CollectorProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final Path log;
    private final int port;

    private CollectorProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts the jar with {@code dataDir} as working directory (so the default ./hotpath-data lands there). */
    public static CollectorProcess start(Path workDir, Map<String, String> env, String... jvmArgs) throws Exception {
        Path jar = Path.of(System.getProperty("it.collector.jar", "target/hotpath-collector.jar")).toAbsolutePath();
        if (!Files.exists(jar)) {
            fail("collector jar missing at " + jar + ": run mvn -pl collector verify (it is built in package)");
        }
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Dquarkus.http.port=" + port));
        command.addAll(List.of(jvmArgs));
        command.addAll(List.of("-jar", jar.toString()));
        Path log = Files.createTempFile(workDir, "collector-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        CollectorProcess collector = new CollectorProcess(builder.start(), log, port);
        collector.awaitReady();
        return collector;
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://localhost:" + port;
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
            HttpURLConnection c = (HttpURLConnection) URI.create(baseUrl() + "/q/health/ready").toURL().openConnection();
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
