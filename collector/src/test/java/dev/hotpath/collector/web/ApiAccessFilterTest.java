package dev.hotpath.collector.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;

class ApiAccessFilterTest {

    @Test
    void isGuarded_apiAndManagementPaths_guardedButHealthAndUiOpen() {
        assertThat(ApiAccessFilter.isGuarded("/api/v1/groups")).isTrue();
        assertThat(ApiAccessFilter.isGuarded("/api")).isTrue();
        assertThat(ApiAccessFilter.isGuarded("/q/metrics")).isTrue();
        assertThat(ApiAccessFilter.isGuarded("/q")).isTrue();
        assertThat(ApiAccessFilter.isGuarded("/q/health")).isFalse();
        assertThat(ApiAccessFilter.isGuarded("/q/health/ready")).isFalse();
        assertThat(ApiAccessFilter.isGuarded("/q/healthz")).isTrue();
        assertThat(ApiAccessFilter.isGuarded("/index.html")).isFalse();
        assertThat(ApiAccessFilter.isGuarded("/hotpath.v1.AgentService/SubmitReport")).isFalse();
    }

    @Test
    void readTokenDenial_getOfApiOrMetrics_allowed() {
        assertThat(ApiAccessFilter.readTokenDenial(HttpMethod.GET, "/api/v1/groups/a/flamegraph")).isNull();
        assertThat(ApiAccessFilter.readTokenDenial(HttpMethod.HEAD, "/api/v1/groups")).isNull();
        assertThat(ApiAccessFilter.readTokenDenial(HttpMethod.GET, "/q/metrics")).isNull();
    }

    @Test
    void readTokenDenial_writesAdminResourcesAndOtherManagement_deniedWithReason() {
        assertThat(ApiAccessFilter.readTokenDenial(HttpMethod.POST, "/api/v1/groups")).contains("may only GET");
        assertThat(ApiAccessFilter.readTokenDenial(HttpMethod.DELETE, "/api/v1/groups/a")).contains("DELETE");
        assertThat(ApiAccessFilter.readTokenDenial(HttpMethod.GET, "/api/v1/groups/a/tokens")).contains("admin");
        assertThat(ApiAccessFilter.readTokenDenial(HttpMethod.GET, "/api/v1/read-tokens")).contains("admin");
        assertThat(ApiAccessFilter.readTokenDenial(HttpMethod.GET, "/api/v1/audit")).contains("admin");
        assertThat(ApiAccessFilter.readTokenDenial(HttpMethod.GET, "/q/openapi")).contains("/q/metrics");
    }
}
