package dev.hotpath.agent.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks the shaded agent jar the build ships (target/hotpath-agent.jar), not the classes folder. */
class JarContentsIT {
    private static final String NESTED_PROFILER = "dev/hotpath/agent/sampler/async-profiler.jar";
    private static final int JAVA_8_MAJOR = 52;

    private static JarFile jar;

    @BeforeAll
    static void openJar() throws IOException {
        String path = System.getProperty("hotpath.agent.jar");
        assertThat(path)
                .as("system property hotpath.agent.jar (set by the agent pom)")
                .isNotNull();
        Path file = Paths.get(path);
        assertThat(file).as("the shaded agent jar").isRegularFile();
        jar = new JarFile(file.toFile());
    }

    @AfterAll
    static void closeJar() throws IOException {
        jar.close();
    }

    private static List<JarEntry> entries() {
        return Collections.list(jar.entries());
    }

    @Test
    void classes_everyClass_isUnderDevHotpath() {
        List<String> outside = new ArrayList<>();
        for (JarEntry entry : entries()) {
            if (entry.getName().endsWith(".class") && !entry.getName().startsWith("dev/hotpath/")) {
                outside.add(entry.getName());
            }
        }
        assertThat(outside)
                .as("classes outside dev/hotpath/ (relocate their package)")
                .isEmpty();
    }

    @Test
    void classes_everyClass_runsOnJava8() throws IOException {
        List<String> tooNew = new ArrayList<>();
        for (JarEntry entry : entries()) {
            if (entry.getName().endsWith(".class")) {
                int major = majorVersion(entry);
                if (major > JAVA_8_MAJOR) {
                    tooNew.add(entry.getName() + " (major " + major + ")");
                }
            }
        }
        assertThat(tooNew).as("class files newer than Java 8").isEmpty();
    }

    @Test
    void classes_relocatedDependencies_arePresent() {
        assertThat(jar.getEntry("dev/hotpath/agent/shaded/io/grpc/okhttp/OkHttpChannelProvider.class"))
                .isNotNull();
        assertThat(jar.getEntry("dev/hotpath/agent/shaded/one/jfr/JfrReader.class"))
                .isNotNull();
        // guava's failureaccess, needed by its futures, must survive the merge.
        assertThat(
                        jar.getEntry(
                                "dev/hotpath/agent/shaded/com/google/common/util/concurrent/internal/InternalFutureFailureAccess.class"))
                .isNotNull();
        // Only the JFR reader of jfr-converter is shipped.
        assertThat(entries()).noneMatch(e -> e.getName().startsWith("dev/hotpath/agent/shaded/one/convert/"));
    }

    @Test
    void classes_referencesToHotpathClasses_allResolveInsideTheJar() {
        // jdeps lists every class reference it cannot resolve; a relocated or dropped class that is
        // still referenced (over-eager filters) shows up as a missing dev.hotpath... class.
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        String path = System.getProperty("hotpath.agent.jar");
        int exit = jdeps.run(
                new PrintWriter(out),
                new PrintWriter(new StringWriter()),
                "--multi-release",
                "17",
                "-verbose:class",
                "-cp",
                path,
                path);

        assertThat(exit).as("jdeps exit code").isZero();
        List<String> missing = new ArrayList<>();
        for (String line : out.toString().split("\\R")) {
            String[] fields = line.trim().split("\\s+");
            if (line.endsWith("not found")
                    && fields.length >= 3
                    && fields[1].equals("->")
                    && fields[2].startsWith("dev.hotpath.")) {
                missing.add(fields[0] + " -> " + fields[2]);
            }
        }
        assertThat(missing).as("references to classes missing from the jar").isEmpty();
    }

    @Test
    void nestedProfiler_isTheOriginalAsyncProfilerJar() throws IOException {
        JarEntry nested = jar.getJarEntry(NESTED_PROFILER);
        assertThat(nested).as(NESTED_PROFILER).isNotNull();
        List<String> names = new ArrayList<>();
        try (JarInputStream in = new JarInputStream(jar.getInputStream(nested))) {
            for (JarEntry entry; (entry = in.getNextJarEntry()) != null; ) {
                names.add(entry.getName());
            }
        }
        assertThat(names)
                .contains(
                        "one/profiler/AsyncProfiler.class",
                        "linux-x64/libasyncProfiler.so",
                        "linux-arm64/libasyncProfiler.so",
                        "macos/libasyncProfiler.so");
    }

    @Test
    void services_grpcProviders_relocatedAndListed() throws IOException {
        String prefix = "META-INF/services/dev.hotpath.agent.shaded.io.grpc.";
        assertThat(read(prefix + "ManagedChannelProvider"))
                .contains("dev.hotpath.agent.shaded.io.grpc.okhttp.OkHttpChannelProvider");
        assertThat(read(prefix + "NameResolverProvider")).contains("dev.hotpath.agent.shaded.io.grpc.");
        assertThat(read(prefix + "LoadBalancerProvider")).contains("dev.hotpath.agent.shaded.io.grpc.");
        assertThat(entries()).noneMatch(e -> e.getName().startsWith("META-INF/services/io.grpc."));
    }

    @Test
    void metaInf_signaturesAndModuleInfo_dropped() {
        assertThat(entries()).noneMatch(e -> {
            String name = e.getName();
            return name.endsWith("module-info.class")
                    || name.startsWith("META-INF/versions/")
                    || name.endsWith(".SF")
                    || name.endsWith(".RSA")
                    || name.endsWith(".DSA")
                    || name.startsWith("META-INF/maven/");
        });
    }

    @Test
    void manifest_agentEntryPoints_declared() throws IOException {
        Attributes main = jar.getManifest().getMainAttributes();

        assertThat(main.getValue("Premain-Class")).isEqualTo("dev.hotpath.agent.Agent");
        assertThat(main.getValue("Agent-Class")).isEqualTo("dev.hotpath.agent.Agent");
        assertThat(main.getValue("Main-Class")).isEqualTo("dev.hotpath.agent.AttachMain");
        assertThat(main.getValue("Can-Redefine-Classes")).isEqualTo("false");
        assertThat(main.getValue("Implementation-Version")).isNotBlank();
        assertThat(jar.getEntry("dev/hotpath/agent/Agent.class")).isNotNull();
        assertThat(jar.getEntry("dev/hotpath/agent/AttachMain.class")).isNotNull();
    }

    private static int majorVersion(JarEntry entry) throws IOException {
        try (DataInputStream in = new DataInputStream(jar.getInputStream(entry))) {
            if (in.readInt() != 0xCAFEBABE) {
                throw new IOException(entry.getName() + " is not a class file");
            }
            in.readUnsignedShort(); // minor
            return in.readUnsignedShort();
        }
    }

    private static String read(String name) throws IOException {
        JarEntry entry = jar.getJarEntry(name);
        assertThat(entry).as(name).isNotNull();
        try (InputStream in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
