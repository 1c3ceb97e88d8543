package dev.hotpath.collector.web;

import static dev.hotpath.collector.ingest.TestGroup.admin;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every admin action leaves one audit row (who, when, what, group, detail), readable by the admin only. */
@QuarkusTest
class AuditIT {

    @Test
    void adminActions_eachOne_oneAuditRowNewestFirst() {
        String group = "audit-" + UUID.randomUUID();
        Instant before = Instant.now().minusSeconds(1);
        admin().contentType("application/json")
                .body(Map.of("name", group))
                .post("/api/v1/groups")
                .then()
                .statusCode(201);
        admin().contentType("application/json")
                .body(Map.of("profilingEnabled", false))
                .put("/api/v1/groups/" + group + "/settings")
                .then()
                .statusCode(200);
        long tokenId = admin().post("/api/v1/groups/" + group + "/tokens")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        admin().delete("/api/v1/groups/" + group + "/tokens/" + tokenId).then().statusCode(204);
        admin().delete("/api/v1/groups/" + group).then().statusCode(204);

        JsonPath events = admin().queryParam("group", group)
                .get("/api/v1/audit")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertThat(events.getList("action", String.class))
                .containsExactly(
                        "group.deleted",
                        "agent-token.revoked",
                        "agent-token.rotated",
                        "settings.changed",
                        "group.created");
        assertThat(events.getList("actor", String.class)).containsOnly("admin");
        assertThat(events.getList("group", String.class)).containsOnly(group);
        assertThat(events.getString("[3].detail")).contains("profilingEnabled=false");
        assertThat(events.getString("[1].detail")).contains(Long.toString(tokenId));
        assertThat(events.getList("at", String.class))
                .allSatisfy(at -> assertThat(Instant.parse(at)).isAfter(before));
    }

    @Test
    void readTokenActions_createAndRevoke_auditedWithoutTheSecret() {
        Instant since = Instant.now().minusSeconds(1);
        JsonPath created = admin().contentType("application/json")
                .body(Map.of("name", "audited reader"))
                .post("/api/v1/read-tokens")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        long id = created.getLong("id");
        admin().delete("/api/v1/read-tokens/" + id).then().statusCode(204);

        String body = admin().queryParam("since", since.toString())
                .queryParam("limit", 1000)
                .get("/api/v1/audit")
                .then()
                .statusCode(200)
                .extract()
                .asString();

        List<Map<String, Object>> mine = JsonPath.from(body).<Map<String, Object>>getList("").stream()
                .filter(e -> String.valueOf(e.get("detail")).matches("read token " + id + "( .*)?"))
                .toList();
        assertThat(mine).extracting(e -> e.get("action")).containsExactly("read-token.revoked", "read-token.created");
        assertThat(body).doesNotContain(created.getString("token"));
    }

    @Test
    void audit_badQuery_badRequestNamingTheParameter() {
        admin().queryParam("since", "yesterday").get("/api/v1/audit").then().statusCode(400);
        admin().queryParam("limit", 0).get("/api/v1/audit").then().statusCode(400);
    }
}
