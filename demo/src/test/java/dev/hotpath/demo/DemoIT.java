package dev.hotpath.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, ./hotpath-demo, on the jars the build made: it prints how to sign in, the REST API
 * then shows a flame graph, hotspots and at least three recommendations with savings, and SIGINT (Ctrl-C) stops
 * the launcher, the collector and the demo service.
 */
class DemoIT {

    private static final Duration START = Duration.ofMinutes(4);
    private static final Duration FINDINGS = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    private Process launcher;
    private final List<ProcessHandle> jvms = new ArrayList<>();

    @Test
    void hotpathDemo_runAsTheReadmeSays_showsFlameGraphHotspotsAndThreeSavingsThenStopsEverythingOnSigint()
            throws Exception {
        Path root = Path.of(System.getProperty("it.repo.root", ".."))
                .toAbsolutePath()
                .normalize();
        for (String jar : List.of(
                "agent/target/hotpath-agent.jar",
                "collector/target/hotpath-collector.jar",
                "demo/target/hotpath-demo.jar")) {
            assertThat(root.resolve(jar))
                    .as("built by the reactor before this test (mvn -pl agent,collector " + "package)")
                    .isRegularFile();
        }
        int port = freePort();
        Path output = dataDir.resolve("launcher.out");
        // A terminal leaves SIGINT at its default; a build started in the background may hand it down ignored,
        // and a JVM never sees a signal it inherited as ignored. env resets it, as the terminal would have it.
        ProcessBuilder builder = new ProcessBuilder(
                        "env",
                        "--default-signal=INT",
                        root.resolve("hotpath-demo").toString())
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().remove("HOTPATH_ADMIN_TOKEN");
        builder.environment().put("HOTPATH_PORT", Integer.toString(port));
        builder.environment().put("HOTPATH_DATA_DIR", dataDir.resolve("data").toString());
        long started = System.nanoTime();
        launcher = builder.start();

        String token = awaitLine(output, "  Sign in with  ", START);
        String groupPage = awaitLine(output, "  Demo group    ", Duration.ofSeconds(10));
        assertThat(groupPage).isEqualTo("http://localhost:" + port + "/#/groups/demo");
        launcher.toHandle()
                .descendants()
                .filter(p -> p.info().command().orElse("").endsWith("java"))
                .forEach(jvms::add);
        assertThat(jvms).as("collector and demo JVMs under the launcher").hasSize(2);
        long summary = System.nanoTime();

        String api = "http://localhost:" + port + "/api/v1/groups/demo/";
        JsonNode findings = awaitFindings(api, token, output);
        System.out.printf(
                "demo: summary after %d s; 3+ recommendations with savings %d s later: %s%n",
                seconds(summary - started), seconds(System.nanoTime() - summary), ruleIds(findings));

        JsonNode flame = get(api + "flamegraph?from=-1h", token);
        assertThat(flame.path("root").path("total").asLong())
                .as("flame graph samples")
                .isPositive();
        JsonNode hotspots = get(api + "hotspots?from=-1h", token);
        assertThat(hotspots.path("bySelf")).as("hotspots").isNotEmpty();
        assertThat(StreamSupport.stream(hotspots.path("byTotal").spliterator(), false)
                        .map(h -> h.toString()))
                .as("the demo's endpoints among the hotspots")
                .anyMatch(h -> h.contains("dev.hotpath.demo."));
        // The agent labels the demo's com.sun.net.httpserver requests by itself (no code change in the demo): the
        // breakdown by endpoint names its three endpoints with their CPU.
        JsonNode endpoints = get(api + "breakdown?key=endpoint&from=-1h", token);
        List<String> labelled = StreamSupport.stream(endpoints.path("entries").spliterator(), false)
                .filter(e -> e.path("total").asLong() > 0)
                .map(e -> e.path("value").asText())
                .toList();
        System.out.println("demo: CPU by endpoint: " + endpoints.path("entries"));
        assertThat(labelled)
                .as("the demo's endpoints in the CPU breakdown by endpoint")
                .contains("POST /orders", "GET /search", "GET /report");

        new ProcessBuilder("kill", "-INT", Long.toString(launcher.pid()))
                .inheritIO()
                .start()
                .waitFor();
        assertThat(launcher.waitFor(60, TimeUnit.SECONDS))
                .as("launcher exits after SIGINT")
                .isTrue();
        for (ProcessHandle jvm : jvms) {
            jvm.onExit().get(30, TimeUnit.SECONDS);
            assertThat(jvm.isAlive())
                    .as("JVM %s after SIGINT", jvm.info().commandLine().orElse("?"))
                    .isFalse();
        }
        assertThat(Files.readString(output)).contains("Stopped.");
    }

    @AfterEach
    void stopLeftovers() {
        // Only on failure: nothing this test started may outlive it.
        if (launcher != null) {
            launcher.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
        }
        jvms.forEach(ProcessHandle::destroyForcibly);
    }

    private JsonNode awaitFindings(String api, String token, Path output) throws Exception {
        long deadline = System.nanoTime() + FINDINGS.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            assertThat(launcher.isAlive())
                    .as("launcher alive; output:\n%s", Files.readString(output))
                    .isTrue();
            JsonNode response = get(api + "recommendations?from=-1h", token);
            List<JsonNode> withSavings = new ArrayList<>();
            response.path("findings").forEach(f -> {
                if (f.path("coreHoursPerMonth").asDouble() > 0
                        && f.path("costPerMonth").asDouble() > 0) {
                    withSavings.add(f);
                }
            });
            last = response;
            if (withSavings.size() >= 3) {
                return response.path("findings");
            }
            Thread.sleep(5_000);
        }
        return fail(
                "fewer than 3 recommendations with savings after %s: %s%noutput:%n%s",
                FINDINGS, last, Files.readString(output));
    }

    private String awaitLine(Path output, String prefix, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> line = Files.readAllLines(output, StandardCharsets.UTF_8).stream()
                    .filter(l -> l.startsWith(prefix))
                    .findFirst();
            if (line.isPresent()) {
                return line.get().substring(prefix.length()).trim();
            }
            if (!launcher.isAlive()) {
                fail(
                        "launcher exited with %d before printing '%s':%n%s",
                        launcher.exitValue(), prefix.trim(), Files.readString(output));
            }
            Thread.sleep(500);
        }
        return fail("no '%s' line after %s:%n%s", prefix.trim(), timeout, Files.readString(output));
    }

    private static JsonNode get(String url, String token) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .timeout(Duration.ofSeconds(60))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static List<String> ruleIds(JsonNode findings) {
        List<String> ids = new ArrayList<>();
        findings.forEach(f -> ids.add(f.path("ruleId").asText()
                + String.format(
                        " %.1f%% %.2f/month",
                        f.path("share").asDouble() * 100, f.path("costPerMonth").asDouble())));
        return ids;
    }

    private static long seconds(long nanos) {
        return TimeUnit.NANOSECONDS.toSeconds(nanos);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
