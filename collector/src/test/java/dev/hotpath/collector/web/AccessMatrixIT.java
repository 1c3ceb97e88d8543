package dev.hotpath.collector.web;

import static dev.hotpath.collector.ingest.TestGroup.admin;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.collector.ingest.TestGroup;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every REST resource method of the collector, found by scanning its classes (not a hand-kept list), called with
 * each spelling of its path an attacker might try and with no token, an agent token, a read-only token and the admin
 * token, over a raw socket so that no client library tidies the path first. Asserts each status and that nothing
 * was created, changed or audited by a caller who may not.
 */
@QuarkusTest
class AccessMatrixIT {

    private static final List<Class<? extends Annotation>> VERBS =
            List.of(GET.class, POST.class, PUT.class, DELETE.class, PATCH.class, HEAD.class);
    private static final String BODY = "{\"name\":\"pwned\",\"url\":\"https://example.com/hook\",\"kind\":\"slack\"}";

    @RegisterExtension
    final TestGroup group = new TestGroup("access");

    /** A spelling of a path: canonical ones must meet the same rule, the others are refused with 400. */
    private record Variant(String name, boolean canonical, UnaryOperator<String> spell) {}

    private static final List<Variant> VARIANTS = List.of(
            new Variant("plain", true, p -> p),
            new Variant("trailing slash", true, p -> p + "/"),
            new Variant("upper case", true, String::toUpperCase),
            new Variant("';x' after the first segment", false, p -> p.replaceFirst("^/api", "/api;x")),
            new Variant("';x' after the second segment", false, p -> p.replaceFirst("^/api/v1", "/api/v1;x")),
            new Variant("%3B", false, p -> p.replaceFirst("^/api", "/api%3Bx")),
            new Variant("%2F", false, p -> p.replaceFirst("^/api/v1/", "/api/v1%2F")),
            new Variant("'..'", false, p -> p.replaceFirst("^/api/v1/", "/api/v1/x/../")),
            new Variant("'//'", false, p -> p.replaceFirst("^/api/", "/api//")),
            new Variant("'./'", false, p -> p.replaceFirst("^/api/", "/api/./")));

    /** One resource method: its HTTP verb, path template and whether a read-only token may call it. */
    private record Endpoint(String verb, String template, boolean readable) {
        String path(String group) {
            return template.replace("{group}", group).replaceAll("\\{[^}]+}", "1");
        }
    }

    @Test
    void everyResourceAndPathSpelling_eachCaller_onlyWhatItMayAndNothingCreated() throws Exception {
        List<Endpoint> endpoints = endpoints();
        assertThat(endpoints).as("resource methods found by scanning").hasSizeGreaterThan(20);
        String readToken = admin().contentType("application/json")
                .body(Map.of("name", "matrix"))
                .post("/api/v1/read-tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
        Map<String, Object> before = state();
        Map<String, String> callers = new LinkedHashMap<>();
        callers.put("no token", null);
        callers.put("agent token", group.token());
        callers.put("read token", readToken);
        SoftAssertions softly = new SoftAssertions();
        int requests = 0;

        for (Endpoint endpoint : endpoints) {
            for (Variant variant : VARIANTS) {
                String path = variant.spell().apply(endpoint.path(group.name()));
                for (Map.Entry<String, String> caller : callers.entrySet()) {
                    int status = status(endpoint.verb(), path, caller.getValue());
                    requests++;
                    String what = caller.getKey() + " " + endpoint.verb() + " " + path + " (" + variant.name() + ")";
                    if (!variant.canonical()) {
                        softly.assertThat(status).as(what).isEqualTo(400);
                    } else if (caller.getValue() != readToken) {
                        softly.assertThat(status).as(what).isEqualTo(401);
                    } else if (variant.name().equals("upper case")) {
                        // Not an /api path as written: a read-only token may only GET /api/v1/* and /q/metrics.
                        softly.assertThat(status).as(what).isEqualTo(403);
                    } else if (!endpoint.readable()) {
                        // 404: the trailing-slash spelling matched no resource at all.
                        softly.assertThat(status).as(what).isIn(403, 404);
                        if (variant.name().equals("plain")) {
                            softly.assertThat(status).as(what).isEqualTo(403);
                        }
                    } else {
                        softly.assertThat(status).as(what).isNotIn(401, 403).isLessThan(500);
                    }
                }
            }
            if (endpoint.verb().equals("GET")) {
                // The admin reaches every GET (writes are not replayed here: they would delete the group).
                int status = status("GET", endpoint.path(group.name()), "test-admin-token");
                requests++;
                softly.assertThat(status)
                        .as("admin GET " + endpoint.path(group.name()))
                        .isNotIn(401, 403)
                        .isLessThan(500);
            }
        }
        softly.assertThat(state())
                .as("groups, tokens, webhook, settings and audit after %d requests", requests)
                .isEqualTo(before);
        softly.assertAll();
    }

    @Test
    void managementAndUiPaths_eachCaller_openOnlyForUiAndHealth() throws Exception {
        String readToken = admin().contentType("application/json")
                .body(Map.of("name", "matrix-q"))
                .post("/api/v1/read-tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("token");
        SoftAssertions softly = new SoftAssertions();
        for (String open :
                List.of("/", "/index.html", "/js/app.js", "/css/style.css", "/q/health", "/q/health/ready")) {
            softly.assertThat(status("GET", open, null))
                    .as("no token GET " + open)
                    .isEqualTo(200);
            softly.assertThat(status("POST", open, null))
                    .as("no token POST " + open)
                    .isEqualTo(401);
        }
        for (String closed : List.of(
                "/q/metrics",
                "/q/openapi",
                "/q/dev-ui",
                "/favicon.ico",
                "/INDEX.HTML",
                "/q/health/",
                "/api",
                "/api/v2/x")) {
            softly.assertThat(status("GET", closed, null))
                    .as("no token GET " + closed)
                    .isEqualTo(401);
            softly.assertThat(status("GET", closed, group.token()))
                    .as("agent token GET " + closed)
                    .isEqualTo(401);
        }
        softly.assertThat(status("GET", "/q/metrics", readToken))
                .as("read token GET /q/metrics")
                .isEqualTo(200);
        softly.assertThat(status("GET", "/q/openapi", readToken))
                .as("read token GET /q/openapi")
                .isEqualTo(403);
        softly.assertThat(status("GET", "/q/openapi", "test-admin-token"))
                .as("admin GET /q/openapi")
                .isEqualTo(200);
        softly.assertThat(status("GET", "/js/../q/metrics", null))
                .as("no token GET /js/../q/metrics")
                .isEqualTo(400);
        softly.assertThat(status("GET", "/q/health;x/../metrics", null)).isEqualTo(400);
        softly.assertAll();
    }

    /** What a caller without the right could try to create or change, read with the admin token. */
    private Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put(
                "groups",
                admin().get("/api/v1/groups")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("name"));
        state.put(
                "read tokens",
                admin().get("/api/v1/read-tokens")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("id"));
        state.put(
                "agent tokens",
                admin().get("/api/v1/groups/" + group.name() + "/tokens")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("id"));
        state.put(
                "settings",
                admin().get("/api/v1/groups/" + group.name() + "/settings")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        state.put(
                "webhook",
                admin().get("/api/v1/groups/" + group.name() + "/webhook")
                        .then()
                        .extract()
                        .statusCode());
        state.put(
                "audit",
                admin().queryParam("limit", 1000)
                        .get("/api/v1/audit")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("id"));
        return state;
    }

    /** The collector's REST resource methods, from its compiled classes. */
    static List<Endpoint> endpoints() throws IOException, URISyntaxException, ClassNotFoundException {
        java.nio.file.Path classes = Paths.get(AdminOnly.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        List<Endpoint> endpoints = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = Files.walk(classes.resolve("dev/hotpath/collector"))) {
            for (java.nio.file.Path file : (Iterable<java.nio.file.Path>) files::iterator) {
                String name = classes.relativize(file).toString();
                if (!name.endsWith(".class") || name.contains("$")) {
                    continue;
                }
                Class<?> type = Class.forName(
                        name.replace('/', '.').replace(".class", ""), false, AccessMatrixIT.class.getClassLoader());
                Path base = type.getAnnotation(Path.class);
                if (base == null) {
                    continue;
                }
                for (Method method : type.getDeclaredMethods()) {
                    for (Class<? extends Annotation> verb : VERBS) {
                        if (method.isAnnotationPresent(verb)) {
                            Path sub = method.getAnnotation(Path.class);
                            String template = base.value()
                                    + (sub == null ? "" : "/" + sub.value().replaceAll("^/", ""));
                            boolean readable =
                                    verb == GET.class && ResourceAccess.readOnlyDenial(type, method, "") == null;
                            endpoints.add(new Endpoint(verb.getSimpleName(), template, readable));
                        }
                    }
                }
            }
        }
        return endpoints;
    }

    /** The status of one request sent byte for byte as written. */
    private static int status(String verb, String path, String token) throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(30_000);
            boolean body = verb.equals("POST") || verb.equals("PUT") || verb.equals("PATCH");
            StringBuilder request =
                    new StringBuilder(verb + " " + path + " HTTP/1.1\r\nHost: localhost\r\n" + "Connection: close\r\n");
            if (token != null) {
                request.append("Authorization: Bearer ").append(token).append("\r\n");
            }
            if (body) {
                request.append("Content-Type: application/json\r\nContent-Length: ")
                        .append(BODY.getBytes(StandardCharsets.UTF_8).length)
                        .append("\r\n\r\n")
                        .append(BODY);
            } else {
                request.append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] line = new byte[12];
            int read = in.readNBytes(line, 0, line.length);
            String statusLine = new String(line, 0, read, StandardCharsets.ISO_8859_1);
            if (!statusLine.startsWith("HTTP/1.1 ")) {
                throw new IOException(verb + " " + path + ": no HTTP answer: '" + statusLine + "'");
            }
            return Integer.parseInt(statusLine.substring(9, 12));
        }
    }
}
