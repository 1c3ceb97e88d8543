package dev.hotpath.collector.app;

import static dev.hotpath.collector.ingest.ReportFixture.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hotpath.collector.ingest.AgentClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged collector with TLS on its one port (a keytool-made certificate) and plain HTTP disabled, as the
 * docs/security.md tells users to run it: HTTPS REST and gRPC over TLS work, plaintext does not.
 */
class TlsIT {

    private static final String ADMIN_TOKEN = "tls-admin-token";

    @TempDir
    static Path workDir;

    private static SelfSignedCertificate certificate;
    private static CollectorProcess collector;
    private static HttpClient https;

    @BeforeAll
    static void startCollectorWithTls() throws Exception {
        certificate = SelfSignedCertificate.create(workDir);
        collector = CollectorProcess.startTls(
                workDir,
                Map.of("HOTPATH_ADMIN_TOKEN", ADMIN_TOKEN),
                new CollectorProcess.Tls(
                        certificate.keyStore(), SelfSignedCertificate.PASSWORD, certificate.clientContext()),
                "-Dquarkus.http.insecure-requests=disabled");
        https = HttpClient.newBuilder()
                .sslContext(certificate.clientContext())
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    @AfterAll
    static void stop() {
        if (collector != null) {
            collector.close();
        }
    }

    @Test
    void startupBanner_tlsConfigured_givesAgentsTheHttpsAddress() throws IOException {
        assertThat(collector.log())
                .contains("Hotpath collector ready: UI https://")
                .contains("-javaagent:hotpath-agent.jar=collector=https://")
                .doesNotContain("insecure=true");
    }

    @Test
    void rest_overHttps_answersAndStillNeedsTheToken() throws Exception {
        assertThat(https.send(
                                get("/api/v1/groups")
                                        .header("Authorization", "Bearer " + ADMIN_TOKEN)
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(200);
        assertThat(https.send(get("/api/v1/groups").build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void plainHttp_insecureRequestsDisabled_refusedOnBothPorts() {
        HttpClient plain =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        assertThatThrownBy(() -> plain.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + collector.plainPort() + "/q/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> plain.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + collector.port() + "/q/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void submitReport_grpcOverTlsTrustingTheCertificate_acknowledged() throws Exception {
        String token = createGroup("tls-group");

        try (AgentClient agent =
                AgentClient.tls(collector.port(), certificate.pem().toFile())) {
            assertThat(agent.as(token)
                            .submitReport(report().group("tls-group")
                                    .stack("main;Tls.run", 5L)
                                    .build())
                            .getDuplicate())
                    .isFalse();
        }
    }

    @Test
    void submitReport_plaintextGrpcToTlsPort_unavailableAndNothingStored() throws Exception {
        String token = createGroup("tls-plain");

        try (AgentClient agent = new AgentClient(collector.port())) {
            assertThatThrownBy(() -> agent.as(token)
                            .submitReport(report().group("tls-plain")
                                    .stack("main;Plain.run", 5L)
                                    .build()))
                    .isInstanceOfSatisfying(
                            StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
        }
        HttpResponse<String> collapsed = https.send(
                get("/api/v1/groups/tls-plain/collapsed")
                        .header("Authorization", "Bearer " + ADMIN_TOKEN)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(collapsed.statusCode()).isEqualTo(200);
        assertThat(collapsed.body()).isBlank();
    }

    private static String createGroup(String name) throws Exception {
        HttpResponse<String> created = https.send(
                get("/api/v1/groups")
                        .header("Authorization", "Bearer " + ADMIN_TOKEN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);
        Matcher token = Pattern.compile("\"agentToken\"\\s*:\\s*\"([^\"]+)\"").matcher(created.body());
        assertThat(token.find()).isTrue();
        return token.group(1);
    }

    private static HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create(collector.baseUrl() + path)).timeout(Duration.ofSeconds(30));
    }
}
