package dev.hotpath.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What ./hotpath-demo runs once the jars exist: the collector, the "demo" group, the demo service under the agent,
 * a short summary of where to look, and on Ctrl-C (or SIGTERM) both JVMs stopped before it exits.
 */
public final class DemoLauncher {

    private static final Duration COLLECTOR_START = Duration.ofMinutes(3);
    private static final Duration DEMO_START = Duration.ofSeconds(30);
    private static final Duration WATCH_RECOMMENDATIONS = Duration.ofMinutes(5);

    private final LaunchSettings settings;
    private final PrintStream out;
    private final List<ChildJvm> children = new ArrayList<>();
    private volatile boolean stopping;

    DemoLauncher(LaunchSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    public static void main(String[] args) {
        DemoLauncher launcher;
        try {
            launcher = new DemoLauncher(LaunchSettings.from(Path.of(""), System.getenv()), System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("hotpath-demo: " + e.getMessage());
            System.exit(2);
            return;
        }
        // Ctrl-C reaches the launcher as SIGINT: the hook stops both JVMs before this one exits.
        Runtime.getRuntime().addShutdownHook(new Thread(launcher::stop, "hotpath-demo-stop"));
        int code;
        try {
            launcher.run();
            code = 0;
        } catch (Failure e) {
            System.err.println("hotpath-demo: " + e.getMessage());
            code = 1;
        } catch (IOException e) {
            System.err.println("hotpath-demo: " + e.getMessage());
            code = 1;
        } catch (InterruptedException e) {
            code = 130;
        }
        launcher.stop();
        System.exit(code);
    }

    /** Starts everything, then watches it until it is stopped or one of the JVMs dies. */
    void run() throws Failure, IOException, InterruptedException {
        for (Path jar : List.of(settings.agentJar(), settings.collectorJar(), settings.demoJar())) {
            if (!Files.isRegularFile(jar)) {
                throw new Failure(
                        jar + " is missing: build with ./hotpath-demo --rebuild (or mvn -B package " + "-DskipTests)");
            }
        }
        requireFreePort();
        Files.createDirectories(settings.dataDir());
        long started = System.nanoTime();
        ChildJvm collector = startCollector();
        awaitReady(collector, started);
        CollectorApi api = new CollectorApi(settings.baseUrl(), adminToken());
        String agentToken = new DemoGroup(api, settings.dataDir(), this::shown, out).agentToken();
        ChildJvm demo = startDemo(agentToken);
        printSummary(demo);
        watch(api, demo, System.nanoTime());
    }

    /** Stops the demo first (its agent sends a final report), then the collector; safe to call twice. */
    synchronized void stop() {
        if (stopping) {
            return;
        }
        stopping = true;
        if (children.stream().noneMatch(ChildJvm::alive)) {
            return;
        }
        out.println("Stopping the demo service and the collector ...");
        for (int i = children.size() - 1; i >= 0; i--) {
            children.get(i).close();
        }
        out.println("Stopped. Data kept in " + shown(settings.dataDir()) + " (the next run reuses it).");
    }

    private void requireFreePort() throws Failure {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(settings.port()));
        } catch (IOException e) {
            throw new Failure("port " + settings.port() + " is in use (another collector?); choose a free one with "
                    + "HOTPATH_PORT=8090 ./hotpath-demo");
        }
    }

    private ChildJvm startCollector() throws Failure, IOException {
        Path log = settings.dataDir().resolve("collector.log");
        out.println("Starting the collector on port " + settings.port() + " (embedded PostgreSQL in "
                + shown(settings.dataDir()) + "; log " + shown(log) + ") ...");
        return launch(
                "collector",
                List.of(
                        "-Dquarkus.http.port=" + settings.port(),
                        "-jar",
                        settings.collectorJar().toString()),
                Map.of("HOTPATH_DATA_DIR", settings.dataDir().toString()),
                log);
    }

    private void awaitReady(ChildJvm collector, long started) throws Failure, InterruptedException {
        long deadline = started + COLLECTOR_START.toNanos();
        while (!CollectorApi.ready(settings.baseUrl())) {
            if (!collector.alive()) {
                throw new Failure("the collector exited with " + collector.exitCode() + " before it was ready; "
                        + "last lines of " + collector.log() + ":\n  " + String.join("\n  ", collector.tail(20)));
            }
            if (System.nanoTime() > deadline) {
                throw new Failure("the collector was not ready after " + COLLECTOR_START.toSeconds() + " s; see "
                        + collector.log());
            }
            Thread.sleep(250);
        }
        out.printf(
                "Collector ready after %d s.%n",
                Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }

    private String adminToken() throws Failure, IOException {
        if (settings.adminToken().isPresent()) {
            return settings.adminToken().get();
        }
        Path file = settings.dataDir().resolve("admin-token");
        if (!Files.isRegularFile(file)) {
            throw new Failure("no admin token: " + file + " is missing and HOTPATH_ADMIN_TOKEN is not set");
        }
        return Files.readString(file, StandardCharsets.UTF_8).trim();
    }

    private ChildJvm startDemo(String agentToken) throws Failure, IOException, InterruptedException {
        Path log = settings.dataDir().resolve("demo.log");
        String agentArgs = "collector=localhost:" + settings.port() + ",group=" + DemoGroup.NAME
                + ",reportingIntervalInMilliseconds=" + LaunchSettings.REPORTING_INTERVAL_MS
                + ",minimumTimeForReportingInMilliseconds=" + LaunchSettings.MINIMUM_REPORT_MS;
        out.println("Starting the demo service with -javaagent:" + shown(settings.agentJar()) + "=" + agentArgs
                + " (token from HOTPATH_TOKEN; log " + shown(log) + ") ...");
        // The token goes through the environment so it does not show in ps.
        ChildJvm demo = launch(
                "demo service",
                List.of(
                        "-Xmx256m",
                        "-javaagent:" + settings.agentJar() + "=" + agentArgs,
                        "-jar",
                        settings.demoJar().toString(),
                        "--rate",
                        Integer.toString(settings.demoRate())),
                Map.of("HOTPATH_TOKEN", agentToken),
                log);
        long deadline = System.nanoTime() + DEMO_START.toNanos();
        while (demo.lines().stream().noneMatch(l -> l.startsWith("hotpath-demo: serving"))) {
            if (!demo.alive()) {
                throw new Failure("the demo service exited with " + demo.exitCode() + "; last lines of " + log + ":\n  "
                        + String.join("\n  ", demo.tail(20)));
            }
            if (System.nanoTime() > deadline) {
                throw new Failure("the demo service did not start within " + DEMO_START.toSeconds() + " s; see " + log);
            }
            Thread.sleep(200);
        }
        return demo;
    }

    private void printSummary(ChildJvm demo) throws InterruptedException {
        // The agent prints its start line on its own thread, shortly after the service is up.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (demo.lines().stream().noneMatch(l -> l.startsWith("hotpath: ")) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        demo.lines().stream().filter(l -> l.startsWith("hotpath")).limit(5).forEach(l -> out.println("  " + l));
        String ui = "http://localhost:" + settings.port() + "/";
        out.println();
        out.println("  Hotpath UI    " + ui);
        out.println("  Sign in with  "
                + (settings.adminToken().isPresent() ? "the HOTPATH_ADMIN_TOKEN you set" : readableAdminToken()));
        out.println("  Demo group    " + ui + "#/groups/" + DemoGroup.NAME);
        out.println();
        out.println("The agent reports every " + LaunchSettings.REPORTING_INTERVAL_MS / 1000 + " s (its default is 60 "
                + "s): the first flame graph shows within a minute, recommendations with savings within two.");
        out.println("Press Ctrl-C to stop the demo service and the collector.");
    }

    private String readableAdminToken() {
        try {
            return adminToken();
        } catch (Failure | IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** Says when the first profile and new recommendations arrive; ends when stopped or when a JVM dies. */
    private void watch(CollectorApi api, ChildJvm demo, long started) throws Failure, InterruptedException {
        boolean profiled = false;
        int recommendations = 0;
        long lastPoll = 0;
        while (!stopping) {
            for (ChildJvm child : children) {
                if (!child.alive() && !stopping) {
                    throw new Failure("the " + child.name() + " exited with " + child.exitCode() + "; last lines of "
                            + child.log() + ":\n  " + String.join("\n  ", child.tail(20)));
                }
            }
            long now = System.nanoTime();
            boolean watching = now - started < WATCH_RECOMMENDATIONS.toNanos();
            if (watching
                    && now - lastPoll > Duration.ofSeconds(profiled ? 15 : 3).toNanos()) {
                lastPoll = now;
                long seconds = Duration.ofNanos(now - started).toSeconds();
                try {
                    if (!profiled && api.reported(DemoGroup.NAME, demo.pid())) {
                        profiled = true;
                        out.println("[" + seconds + " s] first profile stored: the flame graph is ready.");
                    } else if (profiled) {
                        int count = api.recommendationCount(DemoGroup.NAME);
                        if (count != recommendations) {
                            recommendations = count;
                            out.println("[" + seconds + " s] " + count + " recommendations with estimated savings.");
                        }
                    }
                } catch (IOException e) {
                    out.println("[" + seconds + " s] could not ask the collector: " + e.getMessage());
                }
            }
            Thread.sleep(500);
        }
    }

    // Under the same lock as stop(), so a JVM is either never started or always stopped: no orphans on Ctrl-C.
    private synchronized ChildJvm launch(String name, List<String> jvmArgs, Map<String, String> env, Path log)
            throws Failure, IOException {
        if (stopping) {
            throw new Failure("stopped before the " + name + " started");
        }
        ChildJvm child = ChildJvm.start(name, jvmArgs, env, settings.root(), log);
        children.add(child);
        return child;
    }

    /** A path as short as it can be said: relative to the repository root when it lies inside it. */
    private String shown(Path path) {
        return path.startsWith(settings.root())
                ? settings.root().relativize(path).toString()
                : path.toString();
    }

    /** A step that cannot go on, with a message that says what to do. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }
}
