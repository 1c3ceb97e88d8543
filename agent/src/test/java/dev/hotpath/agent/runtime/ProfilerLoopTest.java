package dev.hotpath.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.agent.config.AgentConfig;
import dev.hotpath.agent.config.ConfigSource;
import dev.hotpath.agent.log.StderrLog;
import dev.hotpath.agent.sampler.EngineSelection;
import dev.hotpath.agent.sampler.ProfileType;
import dev.hotpath.proto.v1.AgentConfiguration;
import dev.hotpath.proto.v1.Profile;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The profiler loop on its own thread with a fake engine and local output only. */
class ProfilerLoopTest {
    private static final ConfigSource NOTHING = new ConfigSource() {
        @Override
        public String systemProperty(String name) {
            return null;
        }

        @Override
        public String environment(String name) {
            return null;
        }

        @Override
        public Properties propertiesFile(String path) {
            return new Properties();
        }

        @Override
        public String readersBesidesOwner(String path) {
            return "";
        }

        @Override
        public String mainJarVersion() {
            return "";
        }
    };

    @TempDir
    Path out;

    private final FakeSampler sampler = new FakeSampler();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private ProfilerLoop loop;
    private Thread thread;

    private void start(String args) {
        loop = new ProfilerLoop(
                AgentConfig.load(args, NOTHING),
                NOTHING,
                preference -> EngineSelection.of(sampler, "fake engine"),
                new StderrLog(new PrintStream(stderr, true)),
                "test",
                System.nanoTime());
        thread = new Thread(loop, "hotpath-profiler-test");
        thread.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        loop.requestStop();
        thread.join(5000);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }

    private String stderrText() {
        return new String(stderr.toByteArray(), StandardCharsets.UTF_8);
    }

    private List<Path> profiles() {
        try (Stream<Path> files = Files.list(out)) {
            return files.filter(f -> f.toString().endsWith(".pb.gz")).sorted().collect(Collectors.toList());
        } catch (Exception e) {
            return List.of();
        }
    }

    @Test
    void run_outputDirectory_writesEachWindowWithTheEngineStacksAndAStartupLine() throws Exception {
        start("output=" + out + ",reportingIntervalInMilliseconds=200,minimumTimeForReportingInMilliseconds=100");

        await(() -> profiles().size() >= 2);

        Profile profile;
        try (InputStream in =
                new GZIPInputStream(Files.newInputStream(profiles().get(1)))) {
            profile = Profile.parseFrom(in);
        }
        assertThat(profile.getStringTableList()).contains("fake.Work.run", "fake.Main.main", "cpu");
        assertThat(profile.getSampleCount()).isEqualTo(1);
        assertThat(stderrText().split("\\R")[0])
                .isEqualTo("hotpath: agent test started in " + startupMillis()
                        + " ms: engine=thread-dump (fake engine)," + " profiles=cpu, destination=output " + out);
    }

    private String startupMillis() {
        String line = stderrText();
        return line.replaceAll("(?s).*started in (\\d+) ms.*", "$1");
    }

    @Test
    void run_typesTheEngineCannotSample_areNamedOnceAndLeftOutOfReports() throws Exception {
        start("output=" + out + ",profiles=cpu,alloc,lock,reportingIntervalInMilliseconds=200"
                + ",minimumTimeForReportingInMilliseconds=100");

        await(() -> profiles().size() >= 1);

        assertThat(stderrText())
                .contains(" profiles=cpu (not available with this engine: alloc,lock), destination=output ");
        Profile profile;
        try (InputStream in =
                new GZIPInputStream(Files.newInputStream(profiles().get(0)))) {
            profile = Profile.parseFrom(in);
        }
        assertThat(profile.getSampleTypeCount()).isEqualTo(1);
        assertThat(profile.getStringTable((int) profile.getSampleType(0).getType()))
                .isEqualTo("cpu");
    }

    @Test
    void onRemoteConfiguration_profilingOffThenOn_stopsAndRestartsTheEngine() throws Exception {
        start("output=" + out + ",profiles=cpu,wall,reportingIntervalInMilliseconds=200"
                + ",minimumTimeForReportingInMilliseconds=100");
        await(() -> sampler.running);

        loop.onRemoteConfiguration(
                AgentConfiguration.newBuilder().setProfilingEnabled(false).build());
        await(() -> !sampler.running);
        loop.onRemoteConfiguration(AgentConfiguration.newBuilder()
                .setProfilingEnabled(true)
                .setSamplingIntervalMillis(20)
                .addProfileTypes("wall")
                .build());
        await(() -> stderrText().contains("settings from the collector applied: profiling on"));

        assertThat(sampler.running).isTrue();
        assertThat(sampler.starts).hasSize(2);
        assertThat(sampler.starts.get(1).intervalMillis()).isEqualTo(20);
        assertThat(sampler.starts.get(1).types()).containsExactly(ProfileType.WALL);
        assertThat(sampler.stops).isEqualTo(1);
        assertThat(stderrText())
                .contains("hotpath: settings from the collector applied: profiling off")
                .contains("hotpath: settings from the collector applied: profiling on");
    }

    @Test
    void onRemoteConfiguration_nothingChanged_leavesTheEngineAlone() throws Exception {
        start("output=" + out + ",reportingIntervalInMilliseconds=200,minimumTimeForReportingInMilliseconds=100");
        await(() -> sampler.running);

        loop.onRemoteConfiguration(AgentConfiguration.getDefaultInstance());
        loop.onRemoteConfiguration(
                AgentConfiguration.newBuilder().setProfilingEnabled(true).build());
        await(() -> profiles().size() >= 1);

        assertThat(sampler.starts).hasSize(1);
        assertThat(stderrText()).doesNotContain("settings from the collector");
    }

    @Test
    void onRemoteConfiguration_emptyAnswerAfterALocalProblem_saysNothing() throws Exception {
        start("output=" + out + ",maxStackDepth=0,reportingIntervalInMilliseconds=200"
                + ",minimumTimeForReportingInMilliseconds=100");
        await(() -> sampler.running);

        loop.onRemoteConfiguration(AgentConfiguration.getDefaultInstance());
        await(() -> profiles().size() >= 1);

        assertThat(sampler.starts).hasSize(1);
        assertThat(stderrText()).doesNotContain("settings from the collector");
    }

    @Test
    void finish_windowShorterThanMinimum_dropsItAndSaysSo() throws Exception {
        start("output=" + out + ",reportingIntervalInMilliseconds=60000,minimumTimeForReportingInMilliseconds=60000");
        await(() -> sampler.running);

        loop.requestStop();
        thread.join(5000);
        loop.finish(System.nanoTime() + 2_000_000_000L);

        assertThat(profiles()).isEmpty();
        assertThat(sampler.running).isFalse();
        assertThat(stderrText())
                .containsPattern("final window of \\d+ ms is shorter than minimumTimeForReportingInMilliseconds=60000;"
                        + " its \\d+ samples are dropped");
    }

    @Test
    void killSwitchFile_createdThenRemoved_stopsTheEngineThenStartsItAgain() throws Exception {
        Path killSwitch = out.resolve("hotpath-off");
        start("output=" + out + ",killSwitchFile=" + killSwitch + ",reportingIntervalInMilliseconds=60000"
                + ",minimumTimeForReportingInMilliseconds=100");
        await(() -> sampler.running);

        // The loop logs after it stops or starts the engine: wait for the log line, not for the engine's state.
        Files.createFile(killSwitch);
        await(() -> stderrText().contains("kill switch " + killSwitch + " exists"));
        assertThat(sampler.running).isFalse();
        Files.delete(killSwitch);
        await(() -> stderrText().contains("kill switch " + killSwitch + " removed"));

        assertThat(sampler.running).isTrue();
        assertThat(sampler.starts).hasSize(2);
        assertThat(sampler.stops).isEqualTo(1);
        assertThat(stderrText())
                .contains("hotpath: kill switch " + killSwitch + " exists: sampling stopped until it is removed")
                .contains("hotpath: kill switch " + killSwitch + " removed: sampling resumed");
    }

    @Test
    void killSwitchFile_checkedEverySecond_doesNotDrainTheEngineMoreOftenThanWithout() throws Exception {
        // Reports every minute: the engine is drained every 5 s, whatever wakes the loop each second in between.
        start("output=" + out + ",killSwitchFile=" + out.resolve("hotpath-off")
                + ",reportingIntervalInMilliseconds=60000");
        await(() -> sampler.running);

        Thread.sleep(2500);

        assertThat(sampler.drains).isZero();
    }

    @Test
    void killSwitchFile_presentAtStart_neverStartsTheEngineEvenWhenTheCollectorSaysOn() throws Exception {
        Path killSwitch = Files.createFile(out.resolve("hotpath-off"));
        start("output=" + out + ",killSwitchFile=" + killSwitch + ",reportingIntervalInMilliseconds=200"
                + ",minimumTimeForReportingInMilliseconds=100");
        await(() -> profiles().size() >= 1);

        loop.onRemoteConfiguration(AgentConfiguration.newBuilder()
                .setProfilingEnabled(true)
                .setSamplingIntervalMillis(20)
                .build());
        await(() -> stderrText().contains("settings from the collector"));

        assertThat(sampler.starts).isEmpty();
        assertThat(stderrText())
                .contains("hotpath: kill switch " + killSwitch + " exists: sampling stays off until it is removed");
    }

    @Test
    void start_plaintextToAnotherMachine_refusesWithOneLineAndSendsNothing() throws Exception {
        start("collector=http://192.0.2.2:4317,output=" + out + ",reportingIntervalInMilliseconds=200"
                + ",minimumTimeForReportingInMilliseconds=100");
        await(() -> profiles().size() >= 1);

        List<String> lines = List.of(stderrText().split("\\R"));
        assertThat(lines)
                .filteredOn(l -> l.contains("192.0.2.2"))
                .containsExactly(
                        "hotpath: refusing plaintext to collector http://192.0.2.2:4317 (not this machine): no reports are sent;"
                                + " use https://192.0.2.2:4317, or insecure=true to allow plaintext");
        assertThat(lines).anySatisfy(l -> assertThat(l).endsWith("destination=output " + out));
    }

    @Test
    void start_unreadableCaFile_namesItAndSendsNothing() throws Exception {
        Path ca = out.resolve("missing-ca.pem");
        start("collector=https://localhost:4317,caFile=" + ca + ",output=" + out
                + ",reportingIntervalInMilliseconds=200,minimumTimeForReportingInMilliseconds=100");
        await(() -> profiles().size() >= 1);

        assertThat(stderrText())
                .containsPattern("hotpath: cannot read caFile " + java.util.regex.Pattern.quote(ca.toString())
                        + " \\(.*NoSuchFileException.*\\): no reports are sent to collector https://localhost:4317");
    }
}
