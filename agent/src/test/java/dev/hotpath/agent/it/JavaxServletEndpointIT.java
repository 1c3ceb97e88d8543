package dev.hotpath.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.agent.it.servlet.JavaxServletWorkload;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Endpoint labels in embedded Tomcat 9 (javax Servlet.service), a forked JVM on Java 17. */
class JavaxServletEndpointIT {

    /** The test classes, the javax servlet API and Tomcat 9 (copied to target/tomcat9 by the build). */
    static String classpath() throws Exception {
        String all = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> kept = new ArrayList<>();
        kept.add(Paths.get("target", "test-classes").toAbsolutePath().toString());
        for (String entry : all.split(File.pathSeparator)) {
            if (entry.contains("javax.servlet-api")) {
                kept.add(entry);
            }
        }
        try (Stream<Path> jars = Files.list(Paths.get("target", "tomcat9"))) {
            jars.map(jar -> jar.toAbsolutePath().toString()).forEach(kept::add);
        }
        return String.join(File.pathSeparator, kept);
    }

    @Test
    void tomcat9_javaxServletPaths_sharesWithin2PointsAndAlmostAllLabelled(@TempDir Path out) throws Exception {
        String name = "endpoints-javax-servlet-java17";
        String spin = JavaxServletWorkload.class.getName();
        try (ForkedJvm jvm = ForkedJvm.java(ForkedJvm.JAVA_17)
                .classpath(classpath())
                .jvmOption("-XX:CompileCommand=quiet")
                .jvmOption("-XX:CompileCommand=dontinline," + spin + "::spin")
                .agent("output=" + out + EndpointLabelsIT.AGENT_ARGS)
                .start(
                        name,
                        JavaxServletWorkload.class,
                        "1000",
                        out.resolve("go").toString())) {
            EndpointLabelsIT.go(jvm, out);
            assertThat(jvm.waitFor(Duration.ofSeconds(300))).isZero();
            assertThat(jvm.stdout()).contains("(javax.servlet)").contains("workload done: 1000 requests served");

            EndpointLabelsIT.assertSplit(name, out, jvm, "JavaxServletWorkload.spin");
        }
    }
}
