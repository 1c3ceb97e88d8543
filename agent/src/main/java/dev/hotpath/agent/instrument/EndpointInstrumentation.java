package dev.hotpath.agent.instrument;

import dev.hotpath.agent.labels.LabelRegistry;
import dev.hotpath.agent.log.StderrLog;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import net.bytebuddy.dynamic.loading.ClassInjector;

/**
 * Installs endpoint labels and executor hand-off (labels=true only): puts {@code EndpointHook} into the bootstrap
 * class loader, then installs the ByteBuddy transformer, which also retransforms the matching classes already
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
