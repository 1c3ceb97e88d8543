package dev.hotpath.collector.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestPathsTest {

    @Test
    void problem_canonicalPaths_none() {
        assertThat(RequestPaths.problem("/api/v1/groups/demo-1.a_b/flamegraph")).isNull();
        assertThat(RequestPaths.problem("/")).isNull();
        assertThat(RequestPaths.problem("/api/v1/read-tokens/")).isNull();
        assertThat(RequestPaths.problem("/hotpath.v1.AgentService/SubmitReport"))
                .isNull();
    }

    @Test
    void problem_pathsTheRouterReadsOtherwise_refusedNamingWhy() {
        assertThat(RequestPaths.problem("/api;x/v1/read-tokens")).contains("matrix");
        assertThat(RequestPaths.problem("/api/v1;x/audit")).contains("matrix");
        assertThat(RequestPaths.problem("/api%3Bx/v1/groups")).contains("percent");
        assertThat(RequestPaths.problem("/api/v1%2Fgroups")).contains("percent");
        assertThat(RequestPaths.problem("/api/v1/x/../read-tokens")).contains("dot");
        assertThat(RequestPaths.problem("/./api/v1/groups")).contains("dot");
        assertThat(RequestPaths.problem("/api//v1/groups")).contains("'//'");
        assertThat(RequestPaths.problem("/api\\v1/groups")).contains("backslash");
        assertThat(RequestPaths.problem("api/v1/groups")).contains("start with");
        assertThat(RequestPaths.problem(null)).contains("start with");
    }

    @Test
    void isOpen_uiFilesAndHealth_openButApiMetricsAndLookalikesNot() {
        assertThat(RequestPaths.isOpen("/")).isTrue();
        assertThat(RequestPaths.isOpen("/index.html")).isTrue();
        assertThat(RequestPaths.isOpen("/js/app.js")).isTrue();
        assertThat(RequestPaths.isOpen("/css/style.css")).isTrue();
        assertThat(RequestPaths.isOpen("/q/health")).isTrue();
        assertThat(RequestPaths.isOpen("/q/health/ready")).isTrue();

        assertThat(RequestPaths.isOpen("/api/v1/groups")).isFalse();
        assertThat(RequestPaths.isOpen("/q/metrics")).isFalse();
        assertThat(RequestPaths.isOpen("/q/healthz")).isFalse();
        assertThat(RequestPaths.isOpen("/q/health/x")).isFalse();
        assertThat(RequestPaths.isOpen("/INDEX.HTML")).isFalse();
        assertThat(RequestPaths.isOpen("/js/app.js/api/v1/groups")).isFalse();
        assertThat(RequestPaths.isOpen("/js/sub/app.js")).isFalse();
        assertThat(RequestPaths.isOpen("/q/openapi")).isFalse();
    }

    @Test
    void isApi_apiPrefixOnlyAsAWholeSegment() {
        assertThat(RequestPaths.isApi("/api")).isTrue();
        assertThat(RequestPaths.isApi("/api/v1/groups")).isTrue();
        assertThat(RequestPaths.isApi("/apix/v1")).isFalse();
        assertThat(RequestPaths.isApi("/API/v1/groups")).isFalse();
    }
}
