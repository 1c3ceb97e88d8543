package dev.hotpath.collector.groups;

import static dev.hotpath.collector.ingest.ReportFixture.report;
import static dev.hotpath.collector.ingest.TestGroup.admin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hotpath.collector.ingest.TestGroup;
import dev.hotpath.proto.v1.AgentServiceGrpc;
import dev.hotpath.proto.v1.ConfigurationRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Agent tokens over the real REST API and gRPC: rotation with overlap, revocation that takes effect at once. */
@QuarkusTest
class AgentTokenIT {

    @RegisterExtension
    final TestGroup group = new TestGroup("tokens");

    @RegisterExtension
    final TestGroup other = new TestGroup("tokens-other");

    @Test
    void rotate_default_oldAndNewTokenBothWorkUntilOldIsRevoked() {
        String fresh = rotate("");

        assertThat(fresh).isNotEqualTo(group.token());
        assertThat(submit(group.token())).isFalse();
        assertThat(submit(fresh)).isFalse();
        List<Map<String, Object>> tokens = tokens();
        assertThat(tokens).hasSize(2);

        long oldId = ((Number) tokens.get(0).get("id")).longValue();
        admin().delete(tokensPath() + "/" + oldId).then().statusCode(204);

        assertUnauthenticated(group.token());
        assertThat(submit(fresh)).isFalse();
        assertThat(tokens()).hasSize(1);
    }

    @Test
    void rotate_revokeOthers_oldTokenFailsAtOnce() {
        String fresh = rotate("?revokeOthers=true");

        assertUnauthenticated(group.token());
        assertThat(submit(fresh)).isFalse();
    }

    @Test
    void list_afterUse_showsIdCreatedAndLastUsedButNeverTheTokenOrItsHash() {
        submit(group.token());

        JsonPath list =
                admin().get(tokensPath()).then().statusCode(200).extract().jsonPath();

        assertThat(list.getList("")).hasSize(1);
        assertThat(list.getMap("[0]")).containsOnlyKeys("id", "createdAt", "lastUsedAt");
        assertThat(list.getString("[0].lastUsedAt")).isNotNull();
        assertThat(list.prettify()).doesNotContain(group.token());
    }

    @Test
    void authenticate_otherGroupsToken_unauthenticatedNamingTheGroup() {
        assertThatThrownBy(() -> group.client()
                        .as(other.token())
                        .getConfiguration(ConfigurationRequest.newBuilder()
                                .setProfilingGroup(group.name())
                                .build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                    assertThat(e.getStatus().getDescription())
                            .contains("unknown or revoked agent token for group '" + group.name() + "'");
                });
    }

    @Test
    void authenticate_noToken_unauthenticatedSayingHowToSendIt() {
        assertThatThrownBy(() -> group.client()
                        .anonymous()
                        .submitReport(report().group(group.name())
                                .stack("main;A.run", 1L)
                                .build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                    assertThat(e.getStatus().getDescription()).contains("authorization: Bearer");
                });
    }

    @Test
    void revoke_unknownTokenOrOtherGroupsToken_notFoundAndTokenKept() {
        long othersToken = ((Number) admin().get("/api/v1/groups/" + other.name() + "/tokens")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("id")
                        .get(0))
                .longValue();

        admin().delete(tokensPath() + "/" + othersToken).then().statusCode(404);
        admin().delete(tokensPath() + "/999999999").then().statusCode(404);

        assertThat(other.agent()
                        .submitReport(report().group(other.name())
                                .stack("main;B.run", 1L)
                                .build())
                        .getDuplicate())
                .isFalse();
    }

    @Test
    void tokens_noSuchGroup_notFound() {
        admin().get("/api/v1/groups/no-such-group-xyz/tokens").then().statusCode(404);
        admin().post("/api/v1/groups/no-such-group-xyz/tokens").then().statusCode(404);
    }

    private String rotate(String query) {
        return admin().post(tokensPath() + query)
                .then()
                .statusCode(201)
                .extract()
                .path("agentToken");
    }

    private List<Map<String, Object>> tokens() {
        return admin().get(tokensPath())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("");
    }

    private String tokensPath() {
        return "/api/v1/groups/" + group.name() + "/tokens";
    }

    private boolean submit(String token) {
        return stub(token)
                .submitReport(
                        report().group(group.name()).stack("main;A.run", 1L).build())
                .getDuplicate();
    }

    private AgentServiceGrpc.AgentServiceBlockingStub stub(String token) {
        return group.client().as(token);
    }

    private void assertUnauthenticated(String token) {
        assertThatThrownBy(() -> submit(token)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            // Refused before the body, and so the group it names, is read.
            assertThat(e.getStatus().getDescription()).isEqualTo("unknown or revoked agent token");
        });
    }
}
