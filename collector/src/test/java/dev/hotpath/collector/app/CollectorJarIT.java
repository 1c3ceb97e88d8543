package dev.hotpath.collector.app;

import static dev.hotpath.collector.ingest.ReportFixture.report;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.collector.ingest.AgentClient;
import dev.hotpath.proto.v1.Report;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The uber-jar as users run it: first start with no settings, restart on the same data, an external PostgreSQL. */
class CollectorJarIT {

    @TempDir
    Path workDir;

    @Test
    void firstStart_noSettings_embeddedDatabaseGeneratedAdminTokenNotLoggedAndOneLineOnHowToConnect() throws Exception {
        try (CollectorProcess collector = CollectorProcess.start(workDir, Map.of())) {
            Path tokenFile = workDir.resolve("hotpath-data/admin-token");
            String adminToken =
                    Files.readString(tokenFile, StandardCharsets.UTF_8).trim();

            assertThat(Files.isDirectory(workDir.resolve("hotpath-data/postgres")))
                    .isTrue();
            assertThat(collector.log())
                    .contains("Generated the REST API admin token")
                    .doesNotContain(adminToken)
                    .contains(tokenFile.toAbsolutePath().toString())
                    .contains("Hotpath collector ready: UI http://")
                    .contains("-javaagent:hotpath-agent.jar=collector=http://")
                    .contains(",insecure=true,");
            given().baseUri(collector.baseUrl()).get("/q/health").then().statusCode(200);
            given().baseUri(collector.baseUrl()).get("/api/v1/groups").then().statusCode(401);
            given().baseUri(collector.baseUrl()).get("/q/metrics").then().statusCode(401);
            given().baseUri(collector.baseUrl())
                    .header("Authorization", "Bearer " + adminToken)
                    .get("/api/v1/groups")
                    .then()
                    .statusCode(200);
        }
    }

    @Test
    void restart_sameDataFolder_groupsTokensAndSamplesPersist() throws Exception {
        String adminToken;
        String agentToken;
        Report report;
        try (CollectorProcess collector = CollectorProcess.start(workDir, Map.of())) {
            adminToken = Files.readString(workDir.resolve("hotpath-data/admin-token"))
                    .trim();
            agentToken = given().baseUri(collector.baseUrl())
                    .header("Authorization", "Bearer " + adminToken)
                    .contentType("application/json")
                    .body(Map.of("name", "checkout"))
                    .post("/api/v1/groups")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("agentToken");
            report = report().group("checkout")
                    .stack("main;Shop.checkout;Tax.compute", 600L)
                    .stack("main;Shop.checkout;Cart.total", 400L)
                    .build();
            try (AgentClient agent = new AgentClient(collector.port())) {
                assertThat(agent.as(agentToken).submitReport(report).getDuplicate())
                        .isFalse();
            }
        }

        try (CollectorProcess collector = CollectorProcess.start(workDir, Map.of())) {
            assertThat(collector.log()).doesNotContain("Generated the REST API admin token");
            String collapsed = given().baseUri(collector.baseUrl())
                    .header("Authorization", "Bearer " + adminToken)
                    .get("/api/v1/groups/checkout/collapsed")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            assertThat(collapsed.lines())
                    .containsExactlyInAnyOrder(
                            "main;Shop.checkout;Tax.compute 600", "main;Shop.checkout;Cart.total 400");
            try (AgentClient agent = new AgentClient(collector.port())) {
                assertThat(agent.as(agentToken).submitReport(report).getDuplicate())
                        .isTrue();
            }
        }
    }

    @Test
    void externalPostgres_standardDatasourceSettings_usedAndNoEmbeddedServer() throws Exception {
        String url = env("HOTPATH_TEST_PG_URL", "jdbc:postgresql://localhost:5432/hotpath_test");
        String user = env("HOTPATH_TEST_PG_USER", "hotpath");
        String password = env("HOTPATH_TEST_PG_PASSWORD", "hotpath");
        String name = "external-" + System.nanoTime();
        try (CollectorProcess collector = CollectorProcess.start(
                workDir,
                Map.of(
                        "QUARKUS_DATASOURCE_JDBC_URL",
                        url,
                        "QUARKUS_DATASOURCE_USERNAME",
                        user,
                        "QUARKUS_DATASOURCE_PASSWORD",
                        password,
                        "HOTPATH_ADMIN_TOKEN",
                        "external-admin"))) {
            given().baseUri(collector.baseUrl())
                    .header("Authorization", "Bearer external-admin")
                    .contentType("application/json")
                    .body(Map.of("name", name))
                    .post("/api/v1/groups")
                    .then()
                    .statusCode(201);
        }

        assertThat(workDir.resolve("hotpath-data/postgres")).doesNotExist();
        try (Connection c = DriverManager.getConnection(url, user, password);
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM profiling_group WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
