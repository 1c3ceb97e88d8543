package dev.hotpath.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.agent.it.workload.SplitWorkload;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the token comes from, in a forked JVM with the shaded jar: what the collector receives, and
 * that the token appears nowhere in the JVM's output.
 */
class TokenIT {
    private static final String TOKEN = "hp-7f3a9c-secret";

    @TempDir
    Path dir;

    private ForkedJvm run(FakeCollector collector, ForkedJvm.Builder builder, String args) throws Exception {
        ForkedJvm jvm = builder.agent("collector=" + collector.address() + ",reportingIntervalInMilliseconds=1000"
                        + ",minimumTimeForReportingInMilliseconds=1000" + args)
                .start("token", SplitWorkload.class, "4");
        assertThat(jvm.waitFor(Duration.ofSeconds(120))).isZero();
        assertThat(collector.stored).isNotEmpty();
        assertThat(jvm.stderr() + jvm.stdout()).doesNotContain(TOKEN);
        return jvm;
    }

    private Path configFile(String mode) throws Exception {
        Path file = Files.write(
                dir.resolve("hotpath.properties"), ("token=" + TOKEN + "\n").getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @Test
    void token_inAgentArguments_isSentWithOneWarningThatDoesNotShowIt() throws Exception {
        try (FakeCollector collector = FakeCollector.start();
                ForkedJvm jvm = run(collector, ForkedJvm.java(ForkedJvm.JAVA_17), ",token=" + TOKEN)) {
            assertThat(collector.authorizations).isNotEmpty().containsOnly("Bearer " + TOKEN);
            assertThat(jvm.agentLines())
                    .filteredOn(l -> l.contains("token"))
                    .containsExactly("hotpath: token is given in"
                            + " the agent arguments, which any user of this machine can read (ps); set it in the environment"
                            + " (HOTPATH_TOKEN) or in a config file (config=/path, chmod 600) instead");
        }
    }

    @Test
    void token_inEnvironment_isSentSilently() throws Exception {
        try (FakeCollector collector = FakeCollector.start();
                ForkedJvm jvm = run(collector, ForkedJvm.java(ForkedJvm.JAVA_17).env("HOTPATH_TOKEN", TOKEN), "")) {
            assertThat(collector.authorizations).isNotEmpty().containsOnly("Bearer " + TOKEN);
            assertThat(jvm.agentLines()).noneMatch(l -> l.contains("token"));
        }
    }

    @Test
    void token_inConfigFileOnlyItsOwnerReads_isSentSilently() throws Exception {
        Path file = configFile("rw-------");
        try (FakeCollector collector = FakeCollector.start();
                ForkedJvm jvm = run(collector, ForkedJvm.java(ForkedJvm.JAVA_17), ",config=" + file)) {
            assertThat(collector.authorizations).isNotEmpty().containsOnly("Bearer " + TOKEN);
            assertThat(jvm.agentLines()).noneMatch(l -> l.contains("token"));
        }
    }

    @Test
    void token_inConfigFileOthersRead_isNotSentAndOneLineNamesTheFix() throws Exception {
        Path file = configFile("rw-r--r--");
        try (FakeCollector collector = FakeCollector.start();
                ForkedJvm jvm = run(collector, ForkedJvm.java(ForkedJvm.JAVA_17), ",config=" + file)) {
            // No authorization header at all: the fake collector records its absence as "null".
            assertThat(collector.authorizations).isNotEmpty().containsOnly("null");
            assertThat(jvm.agentLines())
                    .filteredOn(l -> l.contains("token"))
                    .containsExactly("hotpath: config file "
                            + file
                            + " holds the token but is readable by group and others (rw-r--r--): the token is not used and"
                            + " the collector will refuse this agent; run chmod 600 " + file
                            + " (or use HOTPATH_TOKEN)");
        }
    }
}
