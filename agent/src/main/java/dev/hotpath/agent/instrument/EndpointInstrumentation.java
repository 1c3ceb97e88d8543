package dev.hotpath.agent.instrument;

import dev.hotpath.agent.labels.LabelRegistry;
import dev.hotpath.agent.log.StderrLog;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.dynamic.loading.ClassInjector;

/**
 * Installs endpoint labels and executor hand-off (labels=true only): puts {@code EndpointHook} into the bootstrap
 * class loader (defined there on Java 9+, see {@link BootLoaderDefiner}; a jar appended to its search path on Java 8), then installs the ByteBuddy transformer, which also retransforms the matching classes already
 * loaded (premain runs it from the profiler thread once the settings are read; attach the same).
 */
public final class EndpointInstrumentation {
    static final String HOOK = "dev.hotpath.agent.bootstrap.EndpointHook";
    private static final String[] BOOTSTRAP_CLASSES = {
        HOOK, HOOK + "$LabelledRunnable", HOOK + "$LabelledCallable",
    };

    private EndpointInstrumentation() {}

    /** What the profiler loop turns on and off with sampling. */
    public interface Switch {
        void active(boolean on);
    }

    /**
     * Installs everything and answers the switch (off until sampling starts), or null when it could not be done (one
     * line says why; the host runs unchanged).
     */
    public static Switch install(Instrumentation instrumentation, LabelRegistry registry, StderrLog log) {
        long start = System.nanoTime();
        try {
            if (!instrumentation.isRetransformClassesSupported()) {
                log.info("endpoint labels off: this JVM cannot retransform classes");
                return null;
            }
            injectHook(instrumentation);
            // Only now may the hook's class be linked from the system class loader: it must resolve to the copy
            // in the bootstrap loader, which is what instrumented code everywhere sees.
            return Transformers.install(instrumentation, registry, log, start);
        } catch (Throwable t) {
            log.info("endpoint labels off: cannot install the instrumentation (" + t + ")");
            return null;
        }
    }

    private static void injectHook(Instrumentation instrumentation) throws IOException {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        for (String name : BOOTSTRAP_CLASSES) {
            classes.put(name, bytes(name));
        }
        if (defineInBootLoader(instrumentation, classes)) {
            return;
        }
        // Java 8, or a JDK that refused: a jar appended to the bootstrap class path (the JVM then warns that class
        // data sharing is off for the application's classes).
        File folder = Files.createTempDirectory("hotpath-bootstrap").toFile();
        folder.deleteOnExit();
        ClassInjector.UsingInstrumentation.of(
                        folder, ClassInjector.UsingInstrumentation.Target.BOOTSTRAP, instrumentation)
                .injectRaw(classes);
        File[] written = folder.listFiles();
        if (written != null) {
            for (File file : written) {
                file.deleteOnExit();
            }
        }
    }

    /**
     * Java 9+: exports {@code jdk.internal.misc} to a module of our own (the unnamed module of a class loader that
     * holds only {@link BootLoaderDefiner}) and defines the classes in the bootstrap loader through it. Answers false
     * on Java 8 or when any step is refused.
     */
    private static boolean defineInBootLoader(Instrumentation instrumentation, Map<String, byte[]> classes) {
        Method getModule;
        try {
            getModule = Class.class.getMethod("getModule");
        } catch (NoSuchMethodException e) {
            return false;
        }
        try {
            String name = BootLoaderDefiner.class.getName();
            Class<?> definer = Class.forName(name, true, new IsolatedLoader(name, bytes(name)));
            Object javaBase = getModule.invoke(Object.class);
            Method redefine = Instrumentation.class.getMethod(
                    "redefineModule", getModule.getReturnType(), Set.class, Map.class, Map.class, Set.class, Map.class);
            redefine.invoke(
                    instrumentation,
                    javaBase,
                    Collections.emptySet(),
                    Collections.singletonMap("jdk.internal.misc", Collections.singleton(getModule.invoke(definer))),
                    Collections.emptyMap(),
                    Collections.emptySet(),
                    Collections.emptyMap());
            definer.getMethod("define", Map.class).invoke(null, classes);
            return true;
        } catch (IOException | ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** Holds one class, defined from its bytes; everything else comes from the bootstrap loader (JDK types). */
    private static final class IsolatedLoader extends ClassLoader {
        private final String name;
        private final byte[] bytes;

        IsolatedLoader(String name, byte[] bytes) {
            super(null);
            this.name = name;
            this.bytes = bytes;
        }

        @Override
        protected Class<?> findClass(String wanted) throws ClassNotFoundException {
            if (!wanted.equals(name)) {
                throw new ClassNotFoundException(wanted);
            }
            return defineClass(wanted, bytes, 0, bytes.length);
        }
    }

    private static byte[] bytes(String name) throws IOException {
        String resource = name.replace('.', '/') + ".class";
        try (InputStream in = EndpointInstrumentation.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no " + resource + " in the agent jar");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }
}
