package dev.hotpath.demo;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the launcher reads from its environment: HOTPATH_PORT (collector port, default 8080), HOTPATH_DATA_DIR
 * (the collector's data folder, default ./hotpath-data), HOTPATH_ADMIN_TOKEN (optional) and HOTPATH_DEMO_RATE
 * (the demo's requests per second, default 100); jars are found under the repository root.
 */
record LaunchSettings(Path root, int port, Path dataDir, Optional<String> adminToken, int demoRate) {

    static final int DEFAULT_PORT = 8080;
    static final int DEFAULT_RATE = 100;
    /** Short so the first flame graph shows within a minute; the agent's default is 60 s. */
    static final int REPORTING_INTERVAL_MS = 10_000;

    static final int MINIMUM_REPORT_MS = 5_000;

    static LaunchSettings from(Path root, Map<String, String> env) {
        int port = number(env, "HOTPATH_PORT", DEFAULT_PORT, 1, 65535);
        Path dataDir = root.resolve(env.getOrDefault("HOTPATH_DATA_DIR", "hotpath-data"))
                .toAbsolutePath()
                .normalize();
        Optional<String> adminToken =
                Optional.ofNullable(env.get("HOTPATH_ADMIN_TOKEN")).filter(t -> !t.isBlank());
        int rate = number(env, "HOTPATH_DEMO_RATE", DEFAULT_RATE, 1, 100_000);
        return new LaunchSettings(root.toAbsolutePath().normalize(), port, dataDir, adminToken, rate);
    }

    Path agentJar() {
        return root.resolve("agent/target/hotpath-agent.jar");
    }

    Path collectorJar() {
        return root.resolve("collector/target/hotpath-collector.jar");
    }

    Path demoJar() {
        return root.resolve("demo/target/hotpath-demo.jar");
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    private static int number(Map<String, String> env, String name, int fallback, int min, int max) {
        String text = env.get(name);
        return text == null || text.isBlank() ? fallback : WholeNumber.parse(name, text, min, max);
    }
}
