package dev.hotpath.analyzer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.analyzer.rules.RuleCatalog;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void run_rules_listsEveryRule() {
        assertThat(run("rules")).isZero();

        assertThat(text(out).lines()).hasSize(RuleCatalog.standard().rules().size());
        assertThat(text(out)).contains("jackson-objectmapper-per-call");
    }

    @Test
    void run_noArguments_printsUsageAndFails() {
        assertThat(run()).isEqualTo(2);
        assertThat(text(err)).contains("usage:");
    }

    @Test
    void run_badTypeOrNumber_namesTheOption() {
        assertThat(run("analyze", "x", "--type", "heap")).isEqualTo(2);
        assertThat(run("analyze", "x", "--price", "cheap")).isEqualTo(2);
        assertThat(run("analyze", "x", "--view", "SLEEPY")).isEqualTo(2);

        assertThat(text(err))
                .contains("--type must be one of cpu, wall, alloc, lock; got 'heap'")
                .contains("--price needs a number >= 0, got 'cheap'")
                .contains("--view: unknown thread state 'SLEEPY'");
    }

    @Test
    void run_cpuViewOnFoldedStacks_explainsWhyNothingIsLeft(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("stacks.collapsed");
        Files.writeString(file, "a;b 1\n");

        assertThat(run("analyze", file.toString(), "--view", "cpu")).isZero();
        assertThat(text(out)).contains("view cpu keeps none of the samples (their states: [UNKNOWN]); try --view all");
    }

    @Test
    void run_compareFixedVersion_reportsFixedWithMeasuredSavingAndShareShift() {
        Path fixtures = Path.of("src", "test", "resources", "rules");

        int code = run(
                "compare",
                fixtures.resolve("string-format.positive.collapsed").toString(),
                fixtures.resolve("string-format.negative.collapsed").toString(),
                "--cores",
                "2",
                "--price",
                "0.1");

        assertThat(code).as(text(err)).isZero();
        // 30% of 2 cores for 730 h = 438 core-hours, at 0.1 per vCPU-hour.
        assertThat(text(out))
                .containsPattern("FIXED +string-format +30.00% -> +0.00% +saves ~438.0 core-hours/month, ~43.80/month")
                .contains("-30.00%  java.lang.String.format  (gone)")
                .contains("+30.00%  java.lang.StringConcatHelper.simpleConcat  (new)");
    }

    @Test
    void run_compareWithOneFile_failsWithUsage() {
        assertThat(run("compare", "a.jfr")).isEqualTo(2);
        assertThat(text(err)).contains("compare needs BASE and CURRENT files");
    }

    @Test
    void run_malformedFoldedFile_failsWithTheLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.collapsed");
        Files.writeString(file, "a;b 1\nno-count-here\n");

        assertThat(run("analyze", file.toString())).isEqualTo(1);
        assertThat(text(err)).contains("cannot read " + file + " as folded cpu").contains("line 2");
    }

    @Test
    void run_gzipThatIsNotPprof_failsNamingFileAndFormat(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("stacks.pb.gz");
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(file))) {
            gz.write("a;b 1\n".getBytes(StandardCharsets.UTF_8));
        }

        assertThat(run("analyze", file.toString())).isEqualTo(1);
        assertThat(text(err)).contains("cannot read " + file + " as pprof cpu");
    }

    private int run(String... args) {
        return Main.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
