package dev.hotpath.agent.it;

import static dev.hotpath.agent.it.EndpointLabelsIT.cpuByEndpoint;
import static dev.hotpath.agent.it.EndpointLabelsIT.percent;
import static dev.hotpath.agent.it.EndpointLabelsIT.sum;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.agent.it.servlet.ServletWorkload;
import dev.hotpath.proto.v1.Profile;
import java.io.File;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Endpoint labels in embedded Tomcat (jakarta Servlet.service) and Spring MVC (route templates), forked JVMs. */
class ServletEndpointIT {

    /** The test classes and the servers' jars; never the agent's own classes (the agent comes as its jar). */
    static String classpath() {
        String all = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> kept = new ArrayList<>();
        kept.add(Paths.get("target", "test-classes").toAbsolutePath().toString());
        for (String entry : all.split(File.pathSeparator)) {
            if (entry.contains("tomcat") || entry.contains("springframework") || entry.contains("micrometer")) {
                kept.add(entry);
            }
        }
        return String.join(File.pathSeparator, kept);
    }

    @ParameterizedTest
    @ValueSource(ints = {17, 25})
    void tomcatAndSpring_servletPathsAndRouteTemplate_sharesWithin2PointsAndAlmostAllLabelled(
            int feature, @TempDir Path out) throws Exception {
        String java = feature == 25 ? ForkedJvm.JAVA_25 : ForkedJvm.JAVA_17;
        String name = "endpoints-servlet-java" + feature;
        String spin = ServletWorkload.class.getName();
        try (ForkedJvm jvm = ForkedJvm.java(java)
                .classpath(classpath())
                .jvmOption("-XX:CompileCommand=quiet")
                .jvmOption("-XX:CompileCommand=dontinline," + spin + "::spin")
                .jvmOption("-XX:CompileCommand=dontinline," + spin + "::springSpin")
                .agent("output=" + out + EndpointLabelsIT.AGENT_ARGS)
                .start(name, ServletWorkload.class, "1500", out.resolve("go").toString())) {
            EndpointLabelsIT.go(jvm, out);
            assertThat(jvm.waitFor(Duration.ofSeconds(300))).isZero();
            assertThat(jvm.stdout()).contains("workload done: 1500 requests served");

            List<Profile> profiles = EndpointLabelsIT.assertSplit(name, out, jvm, "ServletWorkload.spin");
            Map<String, Long> spring = cpuByEndpoint(profiles, "ServletWorkload.springSpin");
            System.out.printf("%s: Spring controller: %s%n", name, spring);
            // Spring's route template wins over the servlet's path (GET /api/orders/{id}) while the controller runs.
            assertThat(sum(spring)).isPositive();
            assertThat(percent(spring, "GET /orders/{id}", sum(spring))).isGreaterThanOrEqualTo(95.0);
        }
    }
}
