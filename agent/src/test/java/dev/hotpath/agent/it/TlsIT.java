package dev.hotpath.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.agent.it.workload.SplitWorkload;
import dev.hotpath.proto.v1.Report;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The agent's transport security against a real TLS (or plaintext) gRPC server, in forked JVMs. */
class TlsIT {
    private static final String FAST =
            ",reportingIntervalInMilliseconds=1000,minimumTimeForReportingInMilliseconds=1000";
    /** This machine's own non-loopback address (the test network's eth0); plaintext to it needs insecure=true. */
    private static final String OTHER_HOST = "192.0.2.2";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {17, 25})
    void tls_caFileOfTheCollector_deliversReportsWithTheToken(int feature) throws Exception {
        TestCertificate certificate = TestCertificate.generate(dir, "collector");
        try (FakeCollector collector = FakeCollector.startTls(certificate);
                ForkedJvm jvm = ForkedJvm.java(feature == 25 ? ForkedJvm.JAVA_25 : ForkedJvm.JAVA_17)
                        .agent("collector=https://localhost:" + collector.port() + ",caFile=" + certificate.pem()
                                + ",token=s3cret" + FAST)
                        .start("tls-ca-file-" + feature, SplitWorkload.class, "3")) {

            assertThat(jvm.waitFor(Duration.ofSeconds(180))).isZero();

            assertThat(collector.stored).isNotEmpty();
            assertThat(collector.authorizations)
                    .isNotEmpty()
                    .allSatisfy(a -> assertThat(a).isEqualTo("Bearer s3cret"));
            assertThat(jvm.agentLines()).noneSatisfy(line -> assertThat(line).contains("TLS"));
        }
    }

    @Test
    void tls_certificateNotTrusted_refusesWithOneClearLineAndSendsNothing() throws Exception {
        TestCertificate certificate = TestCertificate.generate(dir, "collector");
        TestCertificate stranger = TestCertificate.generate(dir, "stranger");
        try (FakeCollector collector = FakeCollector.startTls(certificate);
                ForkedJvm systemTrust = ForkedJvm.java(ForkedJvm.JAVA_17)
                        .agent("collector=https://127.0.0.1:" + collector.port() + FAST)
                        .start("tls-untrusted-system", SplitWorkload.class, "2");
                ForkedJvm otherCa = ForkedJvm.java(ForkedJvm.JAVA_17)
                        .agent("collector=https://127.0.0.1:" + collector.port() + ",caFile=" + stranger.pem() + FAST)
                        .start("tls-untrusted-ca-file", SplitWorkload.class, "2")) {

            assertThat(systemTrust.waitFor(Duration.ofSeconds(180))).isZero();
            assertThat(otherCa.waitFor(Duration.ofSeconds(180))).isZero();

            assertThat(collector.stored).isEmpty();
            assertThat(collector.configurationPolls.get()).isZero();
            for (ForkedJvm jvm : List.of(systemTrust, otherCa)) {
                assertThat(jvm.agentLines())
                        .filteredOn(line -> line.contains("TLS"))
                        .singleElement()
                        .satisfies(line -> assertThat(line)
                                .startsWith("hotpath: TLS with collector https://127.0.0.1:" + collector.port()
                                        + " failed: the collector's certificate is not trusted (")
                                .endsWith("); set caFile=PATH to the PEM of the CA that signed it; nothing is sent"));
            }
        }
    }

    @Test
    void plaintext_toAnotherHostWithoutInsecure_isRefusedBeforeConnecting() throws Exception {
        try (FakeCollector collector = FakeCollector.startOnHost("0.0.0.0");
                ForkedJvm jvm = ForkedJvm.java(ForkedJvm.JAVA_17)
                        .agent("collector=" + OTHER_HOST + ":" + collector.port() + FAST)
                        .start("plaintext-refused", SplitWorkload.class, "3")) {

            assertThat(jvm.waitFor(Duration.ofSeconds(180))).isZero();

            assertThat(collector.configurationPolls.get()).isZero();
            assertThat(collector.authorizations).isEmpty();
            assertThat(jvm.agentLines())
                    .filteredOn(line -> line.contains(OTHER_HOST))
                    .containsExactly("hotpath: refusing plaintext to collector " + OTHER_HOST + ":" + collector.port()
                            + " (not this machine):"
                            + " no reports are sent; use https://" + OTHER_HOST + ":" + collector.port()
                            + ", or insecure=true to allow plaintext");
        }
    }

    @Test
    void plaintext_toAnotherHostWithInsecure_isAllowed() throws Exception {
        try (FakeCollector collector = FakeCollector.startOnHost("0.0.0.0");
                ForkedJvm jvm = ForkedJvm.java(ForkedJvm.JAVA_17)
                        .agent("collector=http://" + OTHER_HOST + ":" + collector.port() + ",insecure=true" + FAST)
                        .start("plaintext-insecure", SplitWorkload.class, "3")) {

            assertThat(jvm.waitFor(Duration.ofSeconds(180))).isZero();

            List<Report> reports = collector.stored;
            assertThat(reports).isNotEmpty();
            assertThat(jvm.agentLines()).noneSatisfy(line -> assertThat(line).contains("refusing"));
        }
    }
}
