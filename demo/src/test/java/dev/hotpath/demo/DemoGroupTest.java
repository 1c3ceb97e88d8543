package dev.hotpath.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DemoGroup against a stand-in for the collector's group API that records the calls it gets. */
class DemoGroupTest {

    private static final String ADMIN = "admin-secret";

    @TempDir
    Path dataDir;

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private volatile boolean groupExists;
    private HttpServer collector;

    @BeforeEach
    void start() throws IOException {
        collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/api/v1/groups", this::answer);
        collector.start();
    }

    @AfterEach
    void stop() {
        collector.stop(0);
    }

    @Test
    void agentToken_noGroup_createsItAndKeepsTheTokenReadableByTheOwnerOnly() throws Exception {
        String token = group(ADMIN).agentToken();

        assertThat(token).isEqualTo("created-token");
        assertThat(calls).containsExactly("GET /api/v1/groups/demo", "POST /api/v1/groups {\"name\":\"demo\"}");
        Path file = dataDir.resolve(DemoGroup.TOKEN_FILE);
        assertThat(Files.readString(file)).isEqualTo("created-token\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(printed()).contains("Created group \"demo\"");
    }

    @Test
    void agentToken_groupAndSavedToken_reusesItWithoutChangingTheGroup() throws Exception {
        groupExists = true;
        Files.writeString(dataDir.resolve(DemoGroup.TOKEN_FILE), "saved-token\n");

        assertThat(group(ADMIN).agentToken()).isEqualTo("saved-token");
        assertThat(calls).containsExactly("GET /api/v1/groups/demo");
        assertThat(printed()).contains("reusing its agent token");
    }

    @Test
    void agentToken_groupWithoutSavedToken_rotatesItsTokenAndKeepsTheGroup() throws Exception {
        groupExists = true;

        assertThat(group(ADMIN).agentToken()).isEqualTo("rotated-token");
        assertThat(calls).containsExactly("GET /api/v1/groups/demo", "POST /api/v1/groups/demo/tokens");
        assertThat(printed()).contains("existed without a saved agent token: issued a new one");
        assertThat(dataDir.resolve(DemoGroup.TOKEN_FILE))
                .content(StandardCharsets.UTF_8)
                .isEqualTo("rotated-token\n");
    }

    @Test
    void agentToken_adminTokenRefused_errorSaysWhichTokenToCheck() {
        assertThatThrownBy(() -> group("wrong").agentToken())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("refused the admin token (401)")
                .hasMessageContaining("HOTPATH_ADMIN_TOKEN");
        assertThat(dataDir.resolve(DemoGroup.TOKEN_FILE)).doesNotExist();
    }

    private DemoGroup group(String adminToken) {
        CollectorApi api =
                new CollectorApi("http://127.0.0.1:" + collector.getAddress().getPort(), adminToken);
        return new DemoGroup(api, dataDir, Path::toString, new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    // The collector's answers as GroupResource and AgentTokenResource give them: 200/404 for GET, 201 with a token.
    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String call =
                exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
        calls.add(body.isEmpty() ? call : call + " " + body);
        if (!("Bearer " + ADMIN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            reply(exchange, 401, "{\"error\":\"unauthorized\"}");
        } else if (call.equals("GET /api/v1/groups/demo")) {
            reply(exchange, groupExists ? 200 : 404, "{\"name\":\"demo\"}");
        } else if (call.equals("POST /api/v1/groups/demo/tokens")
                && "revokeOthers=true".equals(exchange.getRequestURI().getQuery())) {
            reply(exchange, 201, "{\"id\":2,\"agentToken\":\"rotated-token\",\"othersRevoked\":true}");
        } else if (call.equals("POST /api/v1/groups")) {
            groupExists = true;
            reply(exchange, 201, "{\"name\":\"demo\",\"agentToken\":\"created-token\"}");
        } else {
            reply(exchange, 400, "{\"error\":\"unexpected " + call + "\"}");
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body == null ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
