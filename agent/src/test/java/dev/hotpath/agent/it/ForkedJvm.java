package dev.hotpath.agent.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A workload main class run in its own JVM, optionally with the shaded agent, output captured to files. */
final class ForkedJvm implements AutoCloseable {
    static final String JAVA_17 =
            Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    static final String JAVA_25 = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java";

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private ForkedJvm(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    private static Path agentJarCopy;

    /**
     * The shaded agent jar the build produced, copied once per test run so that a concurrent build
     * of the module replacing target/hotpath-agent.jar cannot pull it from under a running test.
     */
    static synchronized Path agentJar() {
        if (agentJarCopy == null) {
            Path built = Paths.get(System.getProperty("hotpath.agent.jar", "target/hotpath-agent.jar"))
                    .toAbsolutePath();
            try {
                Path dir = Files.createTempDirectory("hotpath-it");
                agentJarCopy = Files.copy(built, dir.resolve("hotpath-agent.jar"));
                agentJarCopy.toFile().deleteOnExit();
                dir.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy the agent jar " + built, e);
            }
        }
        return agentJarCopy;
    }

    static Builder java(String javaBinary) {
        return new Builder(javaBinary);
    }

    /** How to start one JVM. */
    static final class Builder {
        private final List<String> command = new ArrayList<>();
        private final Map<String, String> environment = new HashMap<>();
        private String agentArgs;
        private String classpath;

        private Builder(String javaBinary) {
            command.add(javaBinary);
        }

        Builder agent(String args) {
            this.agentArgs = args;
            return this;
        }

        Builder jvmOption(String option) {
            command.add(option);
            return this;
        }

        /** The class path instead of the test classes alone. */
        Builder classpath(String classpath) {
            this.classpath = classpath;
            return this;
        }

        Builder env(String name, String value) {
            environment.put(name, value);
            return this;
        }

        /** Starts {@code main} with {@code args}; output goes to target/it-logs/{@code name}.{out,err}. */
        ForkedJvm start(String name, Class<?> main, String... args) throws IOException {
            List<String> full = new ArrayList<>(command);
            if (agentArgs != null) {
                full.add(1, "-javaagent:" + agentJar() + (agentArgs.isEmpty() ? "" : "=" + agentArgs));
            }
            full.add("-cp");
            full.add(
                    classpath != null
                            ? classpath
                            : Paths.get("target", "test-classes")
                                    .toAbsolutePath()
                                    .toString());
            full.add(main.getName());
            for (String arg : args) {
                full.add(arg);
            }
            return startCommand(name, full, environment);
        }

        /** Runs {@code java -jar <agent jar> args...}. */
        ForkedJvm startJar(String name, String... args) throws IOException {
            List<String> full = new ArrayList<>(command);
            full.add("-jar");
            full.add(agentJar().toString());
            for (String arg : args) {
                full.add(arg);
            }
            return startCommand(name, full, environment);
        }
    }

    private static ForkedJvm startCommand(String name, List<String> command, Map<String, String> environment)
            throws IOException {
        Path logs = Paths.get("target", "it-logs");
        Files.createDirectories(logs);
        Path out = logs.resolve(name + ".out");
        Path err = logs.resolve(name + ".err");
        Files.write(logs.resolve(name + ".cmd"), String.join(" ", command).getBytes(StandardCharsets.UTF_8));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .directory(new File("."));
        builder.environment().keySet().removeIf(key -> key.startsWith("HOTPATH_"));
        builder.environment().putAll(environment);
        return new ForkedJvm(builder.start(), out, err);
    }

    long pid() {
        return process.pid();
    }

    /** Waits for the JVM to exit and returns its status; fails the test if it does not exit in time. */
    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("forked JVM still running after " + timeout + "; stderr:\n" + stderr());
        }
        return process.exitValue();
    }

    /** Asks the JVM to stop as a service manager does (SIGTERM): shutdown hooks run. */
    void terminate() {
        process.destroy();
    }

    /** Waits until stderr contains {@code text}; returns whether it did. */
    boolean awaitStderr(String text, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (stderr().contains(text)) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** Waits until stdout contains {@code text}; returns whether it did. */
    boolean awaitStdout(String text, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (stdout().contains(text)) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    String stdout() {
        return read(stdout);
    }

    String stderr() {
        return read(stderr);
    }

    /** The stderr lines the agent printed. */
    List<String> agentLines() {
        List<String> lines = new ArrayList<>();
        for (String line : stderr().split("\\R")) {
            if (line.startsWith("hotpath: ")) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
