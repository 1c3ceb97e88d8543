package dev.hotpath.agent.sampler;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongPredicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The async-profiler native library, loaded once per process from the jar nested in the agent
 * jar, with a private temp directory for its recordings.
 */
final class AsyncProfilerLibrary {
    /** Where the build puts the original async-profiler jar, next to this class. */
    static final String NESTED_JAR = "async-profiler.jar";

    private static final String PROFILER_CLASS = "one.profiler.AsyncProfiler";
    /** Followed by the pid, so that a later JVM can tell whose directory was left behind. */
    static final String WORK_DIR_PREFIX = "hotpath-async-profiler-";

    // The native library can be loaded into one class loader only, and async-profiler keeps
    // process-wide state (signal handlers, one session), so every sampler shares one instance.
    private static AsyncProfilerLibrary loaded;

    private final MethodHandle execute;
    private final String version;
    private final Path workDir;
    private final AtomicInteger recordings = new AtomicInteger();

    private AsyncProfilerLibrary(MethodHandle execute, String version, Path workDir) {
        this.execute = execute;
        this.version = version;
        this.workDir = workDir;
    }

    /** The process-wide library, loading it on first use; throws naming what prevented loading. */
    static synchronized AsyncProfilerLibrary load() throws Exception {
        if (loaded == null) {
            loaded = extractAndLoad(platformDirectory(System.getProperty("os.name"), System.getProperty("os.arch")));
        }
        return loaded;
    }

    /** The folder of the nested jar holding the native library for this OS and architecture. */
    static String platformDirectory(String osName, String osArch) {
        String os = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
        String arch = osArch == null ? "" : osArch.toLowerCase(Locale.ROOT);
        if (os.startsWith("linux")) {
            if (arch.equals("amd64") || arch.equals("x86_64")) {
                return "linux-x64";
            }
            if (arch.equals("aarch64") || arch.equals("arm64")) {
                return "linux-arm64";
            }
        } else if (os.startsWith("mac")) {
            return "macos";
        }
        throw new UnsupportedOperationException("async-profiler has no native library for " + osName + "/" + osArch);
    }

    private static AsyncProfilerLibrary extractAndLoad(String platform) throws Exception {
        Path dir;
        long pid = currentPid();
        Path tmp = Paths.get(System.getProperty("java.io.tmpdir"));
        if (pid > 0 && Files.isDirectory(Paths.get("/proc/self"))) {
            sweepDeadWorkDirs(tmp, other -> Files.exists(Paths.get("/proc", Long.toString(other))));
        }
        try {
            dir = Files.createTempDirectory(tmp, WORK_DIR_PREFIX + pid + "-");
        } catch (IOException e) {
            throw new IOException(
                    "no writable temp dir for async-profiler (java.io.tmpdir=" + System.getProperty("java.io.tmpdir")
                            + "): " + e.getMessage(),
                    e);
        }
        if (dir.toString().indexOf(',') >= 0) {
            deleteQuietly(dir);
            throw new IllegalStateException(
                    "temp dir " + dir + " contains ',', which async-profiler's option syntax cannot take");
        }
        dir.toFile().deleteOnExit();
        Path jar = dir.resolve(NESTED_JAR);
        Path library = dir.resolve("libasyncProfiler.so");
        try {
            try (InputStream in = AsyncProfilerLibrary.class.getResourceAsStream(NESTED_JAR)) {
                if (in == null) {
                    throw new IllegalStateException("the agent jar has no " + NESTED_JAR + " next to "
                            + AsyncProfilerLibrary.class.getName() + " (broken build)");
                }
                Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
            }
            List<String> classNames = extract(jar, platform + "/libasyncProfiler.so", library);
            // Parent = bootstrap loader: async-profiler's classes must not see (or be seen by) the
            // application's classes, and they keep their original name because the JNI symbols
            // (Java_one_profiler_AsyncProfiler_*) are bound to it.
            URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
            Object profiler;
            MethodHandle execute;
            MethodHandle getVersion;
            try {
                for (String name : classNames) {
                    // Defined now so that the loader can be closed and its jar deleted.
                    Class.forName(name, false, loader);
                }
                Class<?> type = Class.forName(PROFILER_CLASS, true, loader);
                // Method handles, the agent's only reflective calls: the class lives in a private loader
                // that our code cannot link against, and it must not be relocated or shaded (see above).
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                MethodHandle getInstance =
                        lookup.findStatic(type, "getInstance", MethodType.methodType(type, String.class));
                profiler = getInstance.invoke(library.toString());
                execute = lookup.findVirtual(type, "execute", MethodType.methodType(String.class, String.class));
                getVersion = lookup.findVirtual(type, "getVersion", MethodType.methodType(String.class));
            } finally {
                loader.close();
            }
            String version = (String) getVersion.invoke(profiler);
            return new AsyncProfilerLibrary(execute.bindTo(profiler), version, dir);
        } catch (Throwable e) {
            deleteQuietly(library);
            deleteQuietly(jar);
            deleteQuietly(dir);
            if (e instanceof Exception) {
                throw (Exception) e;
            }
            // UnsatisfiedLinkError and friends: the caller falls back to thread dumps.
            throw new IllegalStateException("async-profiler could not load: " + e, e);
        } finally {
            // Once mapped and defined, the files are no longer needed (POSIX keeps them alive while open).
            deleteQuietly(library);
            deleteQuietly(jar);
        }
    }

    /**
     * Deletes the work directories (and their recordings) of JVMs that are gone: a JVM killed
     * with SIGKILL, or one that exited while recording, leaves its directory behind.
     */
    static void sweepDeadWorkDirs(Path tmp, LongPredicate alive) {
        File[] dirs = tmp.toFile().listFiles((parent, name) -> name.startsWith(WORK_DIR_PREFIX));
        if (dirs == null) {
            return;
        }
        for (File dir : dirs) {
            String rest = dir.getName().substring(WORK_DIR_PREFIX.length());
            int dash = rest.indexOf('-');
            long pid;
            try {
                pid = Long.parseLong(dash < 0 ? "" : rest.substring(0, dash));
            } catch (NumberFormatException notOurs) {
                continue;
            }
            if (alive.test(pid)) {
                continue;
            }
            File[] files = dir.listFiles();
            for (File file : files == null ? new File[0] : files) {
                file.delete();
            }
            dir.delete();
        }
    }

    /** This JVM's process id, or -1 when the runtime does not tell (Java 8 has no ProcessHandle). */
    private static long currentPid() {
        String name = ManagementFactory.getRuntimeMXBean().getName();
        try {
            return Long.parseLong(name.substring(0, name.indexOf('@')));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static List<String> extract(Path jar, String libraryEntry, Path library) throws IOException {
        List<String> classNames = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            JarEntry entry = file.getJarEntry(libraryEntry);
            if (entry == null) {
                throw new IllegalStateException(NESTED_JAR + " has no " + libraryEntry);
            }
            try (InputStream in = file.getInputStream(entry)) {
                Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
            }
            for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
                String name = entries.nextElement().getName();
                if (name.endsWith(".class") && !name.contains("-")) {
                    classNames.add(
                            name.substring(0, name.length() - ".class".length()).replace('/', '.'));
                }
            }
        }
        return classNames;
    }

    private static void deleteQuietly(Path path) {
        File file = path.toFile();
        if (!file.delete() && file.exists()) {
            file.deleteOnExit();
        }
    }

    /**
     * Runs an async-profiler command ({@code start,...}, {@code stop}, {@code check,...}) and returns
     * its output; throws IllegalStateException with async-profiler's message when it refuses.
     */
    String execute(String command) throws Exception {
        try {
            return (String) execute.invokeExact(command);
        } catch (Exception e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("async-profiler failed on '" + command + "': " + e, e);
        }
    }

    /** The error async-profiler reports for {@code check,event=...}, or null when the event works. */
    String checkEvent(String event) {
        try {
            execute("check,event=" + event);
            return null;
        } catch (Exception e) {
            return String.valueOf(e.getMessage());
        }
    }

    /** async-profiler's version, e.g. {@code 4.2}. */
    String version() {
        return version;
    }

    /** A new recording file name in the private directory (deleted at exit once empty). */
    File newRecordingFile() {
        return workDir.resolve("recording-" + recordings.incrementAndGet() + ".jfr")
                .toFile();
    }
}
