package dev.hotpath.analyzer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.analyzer.io.PprofFixture;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the shaded hotpath-analyzer.jar as a separate process on real and synthetic profile files. */
class AnalyzeCliIT {
    private static final Path JAR = Path.of("target", "hotpath-analyzer.jar");
    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    // The workload alone, like a real application: no analyzer, proto or test libraries beside it.
    private static final String WORKLOAD_CLASSES =
            Path.of("target", "test-classes").toString();

    @TempDir
    Path dir;

    @Test
    void analyze_jdkJfrOfRealWorkload_findsRegexAndFormatAtTheWorkloadsFrames() throws Exception {
        Path jfr = dir.resolve("shop.jfr");
        Result workload = run(List.of(
                JAVA,
                "-XX:StartFlightRecording=filename=" + jfr + ",settings=profile",
                "-cp",
                WORKLOAD_CLASSES,
                "com.example.workload.Shop",
                "4000"));
        assertThat(workload.exitCode).as(workload.err).isZero();
        Path html = dir.resolve("flame.html");

        Result result = cli("analyze", jfr.toString(), "--json", "--html", html.toString());

        assertThat(result.exitCode).as(result.err).isZero();
        assertThat(result.out)
                .contains("\"rule\":\"regex-compiled-per-call\"")
                .contains("\"userFrame\":\"com.example.workload.Shop.csvFields\"")
                .contains("\"rule\":\"string-format\"")
                .contains("\"userFrame\":\"com.example.workload.Shop.receiptLine\"");
        assertThat(Files.readString(html))
                .contains("com.example.workload.Shop.csvFields")
                .contains("<canvas");
    }

    @Test
    void analyze_asyncProfilerJfrOfRealWorkload_findsTheSameWasteAndNamesNativeFramesPlainly() throws Exception {
        Path library = dir.resolve("libasyncProfiler.so");
        try (InputStream in = AnalyzeCliIT.class.getResourceAsStream("/linux-x64/libasyncProfiler.so")) {
            assertThat(in)
                    .as("async-profiler's linux-x64 library on the test class path")
                    .isNotNull();
            Files.copy(in, library);
        }
        Path jfr = dir.resolve("shop-ap.jfr");
        // itimer works without perf_events, which containers often forbid.
        Result workload = run(List.of(
                JAVA,
                "-agentpath:" + library + "=start,event=itimer,interval=1ms,file=" + jfr,
                "-cp",
                WORKLOAD_CLASSES,
                "com.example.workload.Shop",
                "4000"));
        assertThat(workload.exitCode).as(workload.err).isZero();

        Result result = cli("analyze", jfr.toString(), "--json", "--top", "200");

        assertThat(result.exitCode).as(result.err).isZero();
        assertThat(result.out)
                .contains("\"userFrame\":\"com.example.workload.Shop.csvFields\"")
                .contains("\"userFrame\":\"com.example.workload.Shop.receiptLine\"")
                .doesNotContain("\"function\":\".");
    }

    @Test
    void analyze_pprofRecordedByTheAgent_findsTheWorkloadsWaste() throws Exception {
        Path built = Path.of(System.getProperty("hotpath.agent.jar", "../agent/target/hotpath-agent.jar"));
        assertThat(built)
                .as("the agent jar; build it first with: mvn -B -q -pl agent package -DskipTests")
                .exists();
        // A private copy, so a concurrent rebuild of agent/ cannot swap the jar under the running JVM.
        Path agent = Files.copy(built, dir.resolve("hotpath-agent.jar"));
        Path output = dir.resolve("reports");
        Result workload = run(List.of(
                JAVA,
                "-javaagent:" + agent + "=output=" + output + ",profiles=cpu,version=1.2.3,"
                        + "reportingIntervalInMilliseconds=2000,minimumTimeForReportingInMilliseconds=1000",
                "-cp",
                WORKLOAD_CLASSES,
                "com.example.workload.Shop",
                "6000"));
        assertThat(workload.exitCode).as(workload.err).isZero();
        List<Path> reports;
        try (var files = Files.list(output)) {
            reports =
                    files.filter(f -> f.toString().endsWith(".pb.gz")).sorted().toList();
        }
        assertThat(reports)
                .as("reports in " + output + "; agent said: " + workload.err)
                .isNotEmpty();

        StringBuilder all = new StringBuilder();
        for (Path report : reports) {
            Result result = cli("analyze", report.toString(), "--view", "cpu");
            assertThat(result.exitCode).as(result.err).isZero();
            assertThat(result.out).contains("type cpu, view cpu");
            all.append(result.out);
        }

        assertThat(all)
                .contains("[regex-compiled-per-call]")
                .contains("change: com.example.workload.Shop.csvFields")
                .contains("[string-format]")
                .contains("change: com.example.workload.Shop.receiptLine");
    }

    @Test
    void analyze_agentLayoutPprof_printsHotspotsAndTheFinding() throws Exception {
        // Synthetic: encoded with the proto classes in the agent's layout (PprofFixture), not recorded by the agent.
        Path pprof = dir.resolve("report.pb.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(pprof))) {
            PprofFixture.profile().writeTo(out);
        }

        Result result = cli("analyze", pprof.toString(), "--type", "wall", "--view", "cpu", "--price", "0.1");

        assertThat(result.exitCode).as(result.err).isZero();
        assertThat(result.out)
                .contains("type wall, view cpu, 2 stacks, total 20,000,000 nanoseconds")
                .contains("String.format on a hot path [string-format]")
                .contains("change: com.example.shop.Receipt.line")
                .contains("100.00% 100.00%  java.lang.String.format");
    }

    @Test
    void analyze_foldedFixture_findsTheRule() throws Exception {
        Path folded = Path.of("src", "test", "resources", "rules", "jackson-objectmapper-per-call.positive.collapsed");

        Result result = cli("analyze", folded.toString(), "--cores", "8");

        assertThat(result.exitCode).as(result.err).isZero();
        assertThat(result.out)
                .contains("[jackson-objectmapper-per-call]")
                .contains("change: com.example.shop.Api.render")
                .contains("8.00 cores [--cores]");
    }

    @Test
    void analyze_missingFile_failsNamingTheFile() throws Exception {
        Result result = cli("analyze", dir.resolve("absent.jfr").toString());

        assertThat(result.exitCode).isEqualTo(1);
        assertThat(result.err).contains("absent.jfr");
    }

    @Test
    void analyze_unknownOption_failsWithUsage() throws Exception {
        Result result = cli("analyze", "x.jfr", "--colour");

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.err).contains("unknown option '--colour'").contains("usage:");
    }

    private Result cli(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(JAVA, "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return run(command);
    }

    private Result run(List<String> command) throws Exception {
        Path out = dir.resolve("stdout-" + System.nanoTime());
        Path err = dir.resolve("stderr-" + System.nanoTime());
        Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private record Result(int exitCode, String out, String err) {}
}
