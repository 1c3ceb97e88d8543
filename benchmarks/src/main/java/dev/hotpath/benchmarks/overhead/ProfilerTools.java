package dev.hotpath.benchmarks.overhead;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The profilers under test on disk: the shaded hotpath agent jar and async-profiler's native library. */
record ProfilerTools(Path agentJar, Path asyncProfilerLibrary) {

    /** Checks the agent jar and extracts libasyncProfiler.so for this machine from the class path into {@code dir}. */
    static ProfilerTools prepare(Path agentJar, Path dir) throws IOException {
        if (!Files.isRegularFile(agentJar)) {
            throw new IllegalArgumentException("agent jar not found: " + agentJar.toAbsolutePath()
                    + " (build it with: mvn -B -q -pl agent package -DskipTests, or pass --agent=PATH)");
        }
        String resource = nativeDirectory() + "/libasyncProfiler.so";
        Path library = dir.resolve("libasyncProfiler.so");
        try (InputStream in = ProfilerTools.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("async-profiler library " + resource + " is not on the class path");
            }
            Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
        }
        return new ProfilerTools(agentJar.toAbsolutePath(), library);
    }

    /**
     * The command hotpath gives async-profiler for {@code types} (names of the agent's {@code ProfileType}) at
     * {@code intervalMillis} and the default stack depth, with CPU on perf_events, recording into {@code file}: asked
     * of the agent jar itself, in a class loader of its own, since the agent's classes stay out of benchmarks.jar
     * (they would shadow the forks' -javaagent).
     */
    String hotpathCommand(List<String> types, int intervalMillis, Path file) {
        try (URLClassLoader agent =
                new URLClassLoader(new URL[] {agentJar.toUri().toURL()}, null)) {
            Class<?> typeClass = agent.loadClass("dev.hotpath.agent.sampler.ProfileType");
            Class<?> settings = agent.loadClass("dev.hotpath.agent.sampler.SamplerSettings");
            Object maxStackDepth = agent.loadClass("dev.hotpath.agent.config.Settings")
                    .getField("MAX_STACK_DEPTH")
                    .get(null);
            Object depth = maxStackDepth.getClass().getMethod("defaultValue").invoke(maxStackDepth);
            Object all = settings.getConstructor(Set.class, long.class, int.class)
                    .newInstance(typeSet(typeClass, types), (long) intervalMillis, depth);
            Method startCommand = agent.loadClass("dev.hotpath.agent.sampler.AsyncProfilerSampler")
                    .getMethod("startCommand", settings, String.class, String.class);
            return (String) startCommand.invoke(null, all, "cpu", file.toString());
        } catch (ReflectiveOperationException | IOException e) {
            throw new IllegalStateException("cannot ask " + agentJar + " for its async-profiler command: " + e, e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Set<?> typeSet(Class<?> enumType, List<String> names) {
        Set set = EnumSet.noneOf((Class) enumType);
        for (String name : names) {
            set.add(Enum.valueOf((Class) enumType, name));
        }
        return set;
    }

    private static String nativeDirectory() {
        String os = System.getProperty("os.name");
        String arch = System.getProperty("os.arch");
        if (!os.startsWith("Linux")) {
            throw new IllegalStateException("the overhead benchmark runs on Linux only, this is " + os);
        }
        return arch.equals("aarch64") ? "linux-arm64" : "linux-x64";
    }
}
