package dev.hotpath.collector.ingest;

import static io.restassured.RestAssured.given;

import dev.hotpath.proto.v1.AgentServiceGrpc;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh profiling group for each test of a running {@code @QuarkusTest} collector, created over REST, with its
 * agent token and a real gRPC client. Register it with {@code @RegisterExtension}.
 */
public final class TestGroup implements BeforeEachCallback, AfterEachCallback {

    // The test profile's hotpath.admin-token (application.properties).
    private static final String ADMIN = "Bearer test-admin-token";

    private final String prefix;
    private String name;
    private String token;
    private AgentClient client;

    public TestGroup(String prefix) {
        this.prefix = prefix;
    }

    /** A REST request with the admin token. */
    public static RequestSpecification admin() {
        return given().header("Authorization", ADMIN);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        name = prefix + "-" + UUID.randomUUID();
        token = admin().contentType("application/json")
                .body(Map.of("name", name))
                .post("/api/v1/groups")
                .then()
                .statusCode(201)
                .extract()
                .path("agentToken");
        client = new AgentClient(RestAssured.port);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        client.close();
    }

    public String name() {
        return name;
    }

    public String token() {
        return token;
    }

    /** The gRPC client, for calls with another token or none. */
    public AgentClient client() {
        return client;
    }

    /** The agent service as this group's agents call it. */
    public AgentServiceGrpc.AgentServiceBlockingStub agent() {
        return client.as(token);
    }
}
