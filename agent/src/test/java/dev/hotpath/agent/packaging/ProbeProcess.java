package dev.hotpath.agent.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@link ShadedSamplerProbe} in a forked JVM on the shaded agent jar and reads its one-line answer. */
final class ProbeProcess {
    private static final Pattern BURN = Pattern.compile("burn=(\\d+)");

    private ProbeProcess() {}

    /**
     * Runs the probe with {@code engine} ({@code async} or {@code threaddump}) and {@code tmp} as its
     * java.io.tmpdir; {@code launcher} is put before the java command (e.g. a sandbox). Returns its
     * output after checking it exited normally.
     */
    static String run(Path tmp, String engine, String... launcher) throws IOException, InterruptedException {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("hotpath.agent.jar")
                + File.pathSeparator
                + Paths.get(ShadedSamplerProbe.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .getPath());
        List<String> command = new ArrayList<>(Arrays.asList(launcher));
        command.addAll(Arrays.asList(
                java, "-Djava.io.tmpdir=" + tmp, "-cp", classPath, ShadedSamplerProbe.class.getName(), engine));
        Path output = Files.createTempFile("hotpath-probe-", ".out");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            assertThat(process.waitFor(60, TimeUnit.SECONDS))
                    .as("probe finished within a minute")
                    .isTrue();
            String text = new String(Files.readAllBytes(output), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(text).isZero();
            return text;
        } finally {
            Files.delete(output);
        }
    }

    /** The probe's CPU samples in its busy method. */
    static long burnSamples(String output) {
        Matcher matcher = BURN.matcher(output);
        assertThat(matcher.find()).as(output).isTrue();
        return Long.parseLong(matcher.group(1));
    }
}
