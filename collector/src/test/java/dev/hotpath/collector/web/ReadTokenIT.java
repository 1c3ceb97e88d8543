package dev.hotpath.collector.web;

import static dev.hotpath.collector.ingest.TestGroup.admin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.hotpath.collector.ingest.TestGroup;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Read-only tokens over the real HTTP stack: they read, never write, never see tokens; revoked ones fail at once. */
@QuarkusTest
class ReadTokenIT {

    @RegisterExtension
    final TestGroup group = new TestGroup("read");

    private long id;
    private String token;

    @BeforeEach
    void createReadToken() {
        JsonPath created = admin().contentType("application/json")
                .body(Map.of("name", "grafana dashboards"))
                .post("/api/v1/read-tokens")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        id = created.getLong("id");
        token = created.getString("token");
    }

    @Test
    void get_readToken_apiAndMetricsAnswer() {
        reader().get("/api/v1/groups").then().statusCode(200).body(containsString(group.name()));
        reader().get("/api/v1/groups/" + group.name() + "/settings").then().statusCode(200);
        reader().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void write_readToken_forbiddenWithJsonErrorNamingWhy() {
        reader().contentType("application/json")
                .body(Map.of("profilingEnabled", false))
                .put("/api/v1/groups/" + group.name() + "/settings")
                .then()
                .statusCode(403)
                .contentType("application/json")
                .body("error", containsString("read-only token may only GET; PUT"));
        reader().contentType("application/json")
                .body(Map.of("name", "sneaky"))
                .post("/api/v1/groups")
                .then()
                .statusCode(403);
        reader().delete("/api/v1/groups/" + group.name()).then().statusCode(403);

        admin().get("/api/v1/groups/" + group.name()).then().statusCode(200);
    }

    @Test
    void get_readTokenOnAdminResources_forbidden() {
        reader().get("/api/v1/read-tokens").then().statusCode(403).body("error", containsString("admin token only"));
        reader().get("/api/v1/audit").then().statusCode(403);
        reader().get("/api/v1/groups/" + group.name() + "/tokens").then().statusCode(403);
        reader().get("/q/openapi").then().statusCode(403);
    }

    @Test
    void revoke_readToken_failsAtOnce() {
        reader().get("/api/v1/groups").then().statusCode(200);

        admin().delete("/api/v1/read-tokens/" + id).then().statusCode(204);

        reader().get("/api/v1/groups").then().statusCode(401);
        admin().delete("/api/v1/read-tokens/" + id).then().statusCode(404);
    }

    @Test
    void list_readTokens_showsNameButNeverTheToken() {
        reader().get("/api/v1/groups").then().statusCode(200);

        String list = admin().get("/api/v1/read-tokens")
                .then()
                .statusCode(200)
                .extract()
                .asString();

        assertThat(list).contains("grafana dashboards").doesNotContain(token);
        assertThat(JsonPath.from(list).getList("id", Long.class)).contains(id);
    }

    @Test
    void request_noOrUnknownToken_unauthorizedExceptHealthAndUi() {
        given().get("/api/v1/groups").then().statusCode(401).body("error", containsString("missing or unknown"));
        given().header("Authorization", "Bearer not-a-token")
                .get("/api/v1/groups")
                .then()
                .statusCode(401);
        given().get("/q/metrics").then().statusCode(401);
        given().get("/q/health").then().statusCode(200);
        given().get("/").then().statusCode(200);
    }

    @Test
    void create_badName_badRequestNamingTheField() {
        admin().contentType("application/json")
                .body(Map.of("name", "<script>"))
                .post("/api/v1/read-tokens")
                .then()
                .statusCode(400)
                .body("error", containsString("name must be"));
    }

    private RequestSpecification reader() {
        return given().header("Authorization", "Bearer " + token);
    }
}
