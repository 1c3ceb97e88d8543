package dev.hotpath.benchmarks.footprint;

import dev.hotpath.analyzer.io.JsonWriter;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@link StackFootprintProbe} in a child JVM with the shaded agent jar and reads what it measured. */
public final class FootprintRunner {
    static final int HEAP_STACKS = 10_000;
    static final int REPORT_STACKS = 5_000;

    private FootprintRunner() {}

    /** The probe's "key=value" numbers: heapBytes, estimatedBytes, reportBytes, reportGzipBytes and the counts. */
    public static Map<String, Long> measure(Path agentJar) throws IOException, InterruptedException {
        if (!Files.isRegularFile(agentJar)) {
            throw new IllegalArgumentException("agent jar not found: " + agentJar.toAbsolutePath());
        }
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                // G1, the default: its System.gc() is a full collection, and the bytes it leaves grow linearly with
                // the stacks (checked at 10k, 20k, 40k), unlike the serial collector's reading here.
                "-XX:+UseG1GC",
                "-Xmx1g",
                "-cp",
                System.getProperty("java.class.path") + File.pathSeparator + agentJar.toAbsolutePath(),
                StackFootprintProbe.class.getName(),
                String.valueOf(HEAP_STACKS),
                String.valueOf(REPORT_STACKS)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("footprint probe failed:\n" + new String(output, StandardCharsets.UTF_8));
        }
        return parse(new String(output, StandardCharsets.UTF_8));
    }

    static Map<String, Long> parse(String output) {
        Map<String, Long> values = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                try {
                    values.put(
                            line.substring(0, equals).trim(),
                            Long.parseLong(line.substring(equals + 1).trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalStateException("footprint probe printed a non-number: " + line, e);
                }
            }
        }
        for (String key : List.of("heapBytes", "estimatedBytes", "reportGzipBytes")) {
            if (!values.containsKey(key)) {
                throw new IllegalStateException("footprint probe did not report " + key + ":\n" + output);
            }
        }
        return values;
    }

    public static void writeJson(JsonWriter json, Map<String, Long> values) {
        json.beginObject();
        values.forEach((key, value) -> json.name(key).value(value));
        json.endObject();
    }
}
