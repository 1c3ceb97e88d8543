package dev.hotpath.collector.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The machine's PostgreSQL cluster "outage" (Debian's pg_createcluster, made by .ci/postgres.sh), which
 * DatabaseOutageIT may stop and start: never the main cluster, which other builds use.
 */
record OutageCluster(String version, String name, int port) {

    static final String NAME = "outage";
    static final String DATABASE = "hotpath_outage";
    static final String USER = "hotpath";
    static final String PASSWORD = "hotpath";

    /** The cluster, started; the test is skipped, with one line saying why, when it is absent or cannot be run. */
    static OutageCluster find() throws Exception {
        if (!"root".equals(System.getProperty("user.name"))) {
            skip("it needs root to stop and start the cluster with pg_ctlcluster");
        }
        String clusters;
        try {
            clusters = run("pg_lsclusters", "--no-header");
        } catch (IOException e) {
            skip("pg_lsclusters is not installed (Debian's postgresql-common)");
            return null;
        }
        for (String line : clusters.lines().toList()) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length >= 4 && columns[1].equals(NAME)) {
                OutageCluster cluster = new OutageCluster(columns[0], columns[1], Integer.parseInt(columns[2]));
                if (!columns[3].startsWith("online")) {
                    cluster.start();
                }
                return cluster;
            }
        }
        skip("no PostgreSQL cluster named '" + NAME + "' (run .ci/postgres.sh as root to create it)");
        return null;
    }

    /** What a crash looks like to clients: every backend killed, no checkpoint, recovery at the next start. */
    void stopImmediate() throws Exception {
        run("pg_ctlcluster", version, name, "stop", "-m", "immediate");
    }

    void start() throws Exception {
        run("pg_ctlcluster", version, name, "start");
    }

    private static void skip(String why) {
        String line = "DatabaseOutageIT: machine cluster test skipped: " + why;
        System.out.println(line);
        Assumptions.abort(line);
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES))
                .as(List.of(command) + " finished")
                .isTrue();
        assertThat(process.exitValue()).as(List.of(command) + ": " + output).isZero();
        return output;
    }
}
