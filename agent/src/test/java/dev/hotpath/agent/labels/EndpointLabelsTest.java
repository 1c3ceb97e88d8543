package dev.hotpath.agent.labels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointLabelsTest {
    private final LabelRegistry registry = new LabelRegistry(1 << 20);
    private final EndpointLabels endpoints = new EndpointLabels(registry);
    private final long me = Thread.currentThread().getId();

    @Test
    void http_nested_innerWinsAndOuterIsRestored() {
        endpoints.active(true);
        int outer = endpoints.http("GET", "/orders/12");
        int outerSet = registry.current(me);
        int inner = endpoints.http("GET", "/orders/{id}/lines");
        assertThat(registry.pairs(registry.current(me))).containsExactly("endpoint", "GET /orders/{id}/lines");
        endpoints.leave(inner);
        assertThat(registry.current(me)).isEqualTo(outerSet);
        assertThat(registry.pairs(outerSet)).containsExactly("endpoint", "GET /orders/{id}");
        endpoints.leave(outer);
        assertThat(registry.current(me)).isEqualTo(LabelRegistry.NONE);
    }

    @Test
    void labels_sameRequestAgain_sameMapFromTheCache() {
        Map<String, String> first = endpoints.labels("GET", "/orders/1");
        Map<String, String> again = endpoints.labels("GET", "/orders/2");
        assertThat(again).isSameAs(first).containsEntry("endpoint", "GET /orders/{id}");
        assertThat(endpoints.labels("PUT", "/orders/2")).isNotSameAs(first);
    }

    @Test
    void labels_manyEndpointsOfOneLengthInOneBucket_eachGetsItsOwnLabel() {
        for (int round = 0; round < 3; round++) {
            for (char c = 'a'; c <= 'h'; c++) {
                assertThat(endpoints.labels("GET", "/items/" + c + "/1"))
                        .containsEntry("endpoint", "GET /items/" + c + "/{id}");
            }
        }
    }

    @Test
    void labels_pastMaxEndpoints_other() {
        for (int i = 0; i < EndpointLabels.MAX_ENDPOINTS; i++) {
            endpoints.labels("GET", "/page" + (char) ('a' + i % 26) + "/n" + Integer.toString(i, 36) + "x");
        }
        assertThat(endpoints.labels("GET", "/one/more")).containsEntry("endpoint", EndpointLabels.OTHER);
        assertThat(endpoints.otherEntries()).isEqualTo(1);
    }

    @Test
    void inactive_nothingEnteredAndNothingWrapped() {
        assertThat(endpoints.http("GET", "/orders/1")).isZero();
        assertThat(registry.current(me)).isEqualTo(LabelRegistry.NONE);
        assertThat(endpoints.current()).isZero();
    }

    @Test
    void servletAndGrpc_objectsOfOtherTypes_answerNothing() {
        endpoints.active(true);
        assertThat(endpoints.servlet("not a request", false)).isZero();
        assertThat(endpoints.servlet(new Object(), true)).isZero();
        assertThat(endpoints.grpc(new Object())).isZero();
        assertThat(registry.current(me)).isEqualTo(LabelRegistry.NONE);
    }

    @Test
    void replace_handedOverSet_takesItAndLeaveRestores() {
        endpoints.active(true);
        int token = endpoints.http("GET", "/a/1");
        int set = endpoints.current();
        endpoints.leave(token);
        int handedOver = endpoints.replace(set);
        assertThat(registry.current(me)).isEqualTo(set);
        endpoints.leave(handedOver);
        assertThat(registry.current(me)).isEqualTo(LabelRegistry.NONE);
    }
}
