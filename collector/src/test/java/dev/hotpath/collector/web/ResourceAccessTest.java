package dev.hotpath.collector.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.collector.groups.AgentTokenResource;
import dev.hotpath.collector.groups.GroupResource;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ResourceAccessTest {

    @Test
    void readOnlyDenial_getOfOrdinaryResource_allowed() {
        assertThat(ResourceAccess.readOnlyDenial(
                        GroupResource.class, method(GroupResource.class, "list"), "GET /api/v1/groups"))
                .isNull();
    }

    @Test
    void readOnlyDenial_writeMethod_deniedNamingTheRequest() {
        assertThat(ResourceAccess.readOnlyDenial(
                        GroupResource.class, method(GroupResource.class, "delete"), "DELETE /api/v1/groups/a"))
                .contains("may only GET")
                .contains("DELETE /api/v1/groups/a");
    }

    @Test
    void readOnlyDenial_getOfAdminOnlyResource_denied() {
        assertThat(ResourceAccess.readOnlyDenial(
                        AgentTokenResource.class,
                        method(AgentTokenResource.class, "list"),
                        "GET /api/v1/groups/a/tokens"))
                .contains("admin token only");
        assertThat(ResourceAccess.readOnlyDenial(
                        ReadTokenResource.class, method(ReadTokenResource.class, "list"), "GET /api/v1/read-tokens"))
                .contains("admin token only");
        assertThat(ResourceAccess.readOnlyDenial(
                        AuditResource.class, method(AuditResource.class, "events"), "GET /api/v1/audit"))
                .contains("admin token only");
    }

    private static Method method(Class<?> type, String name) {
        return Arrays.stream(type.getDeclaredMethods())
                .filter(m -> m.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(type.getSimpleName() + " has no method " + name));
    }
}
