package dev.hotpath.benchmarks.overhead;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One {@link PairedProbe} JVM seen from the runner: started and warmed up, then told to measure one cycle at a
 * time while the other variants' probes wait paused. Its whole output goes to a console file; the protocol lines
 * also come back to the runner.
 */
final class PairedFork implements AutoCloseable {
    private static final String END_OF_OUTPUT = "\u0000end";

    private final Variant variant;
    private final Process process;
    private final Path console;
    private final Writer commands;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

    private PairedFork(Variant variant, Process process, Path console) {
        this.variant = variant;
        this.process = process;
        this.console = console;
        this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader =
                new Thread(this::readOutput, "paired-fork-" + variant.name().toLowerCase());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the probe with {@code command} and returns once it has warmed up, within the given time. */
    static PairedFork start(Variant variant, List<String> command, Path console, long readyWithinMillis)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        PairedFork fork = new PairedFork(variant, process, console);
        try {
            fork.expect("ready", readyWithinMillis);
        } catch (RuntimeException | InterruptedException e) {
            fork.close();
            throw e;
        }
        return fork;
    }

    Variant variant() {
        return variant;
    }

    /** Measures cycle {@code index} (on first when even) and returns it. */
    PairedCycle cycle(int index, long withinMillis) throws IOException, InterruptedException {
        send("cycle " + index);
        PairedPhase first = PairedPhase.parse(next(withinMillis));
        PairedPhase second = PairedPhase.parse(next(withinMillis));
        expect("done", withinMillis);
        if (first.on() == second.on()) {
            throw new IllegalStateException("paired fork of " + variant + " measured two phases with the profiler "
                    + (first.on() ? "on" : "off") + " in cycle " + index);
        }
        return first.on() ? new PairedCycle(first, second) : new PairedCycle(second, first);
    }

    /** Ends the probe and returns its whole console output; fails when it does not exit cleanly. */
    String finish(long withinMillis) throws IOException, InterruptedException {
        send("exit");
        if (!process.waitFor(withinMillis, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("paired fork of " + variant + " did not exit in " + withinMillis
                    + " ms; its console: " + consoleText());
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(
                    "paired fork of " + variant + " exited " + process.exitValue() + "; its console: " + consoleText());
        }
        // The reader writes the last lines to the console file after the process ended.
        for (String line = answers.poll(withinMillis, TimeUnit.MILLISECONDS);
                line != null && !line.equals(END_OF_OUTPUT);
                line = answers.poll(withinMillis, TimeUnit.MILLISECONDS)) {
            // Nothing more is expected; drained until the end of the output.
        }
        return consoleText();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    private void send(String command) throws IOException {
        commands.write(command + "\n");
        commands.flush();
    }

    private void expect(String answer, long withinMillis) throws InterruptedException {
        String line = next(withinMillis);
        if (!line.equals(answer)) {
            throw new IllegalStateException("paired fork of " + variant + " answered '" + line + "', not '" + answer
                    + "'; its console: " + consoleText());
        }
    }

    private String next(long withinMillis) throws InterruptedException {
        String line = answers.poll(withinMillis, TimeUnit.MILLISECONDS);
        if (line == null || line.equals(END_OF_OUTPUT)) {
            throw new IllegalStateException("paired fork of " + variant
                    + (line == null ? " did not answer in " + withinMillis + " ms" : " ended") + "; its console: "
                    + consoleText());
        }
        return line;
    }

    private void readOutput() {
        try (BufferedReader output =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                Files.writeString(console, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                if (line.startsWith(PairedProbe.PROTOCOL)) {
                    answers.add(line.substring(PairedProbe.PROTOCOL.length()));
                }
            }
        } catch (IOException e) {
            answers.add("console unreadable: " + e);
        } finally {
            answers.add(END_OF_OUTPUT);
        }
    }

    private String consoleText() {
        try {
            return Files.exists(console) ? Files.readString(console) : "(nothing)";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
