package dev.hotpath.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** The collector REST calls the launcher makes: readiness, and the profiling group's existence, creation, data. */
final class CollectorApi {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String baseUrl;
    private final String adminToken;

    CollectorApi(String baseUrl, String adminToken) {
        this.baseUrl = baseUrl;
        this.adminToken = adminToken;
    }

    /** Whether /q/health/ready answers 200 (no token needed). */
    static boolean ready(String baseUrl) throws InterruptedException {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2))
                    .GET()
                    .build();
            return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    boolean groupExists(String group) throws IOException, InterruptedException {
        HttpResponse<String> response = send("GET", groupPath(group), null);
        if (response.statusCode() == 404) {
            return false;
        }
        expect(response, 200, "GET " + groupPath(group));
        return true;
    }

    /** Creates the group and returns its agent token (the only time the collector shows it). */
    String createGroup(String group) throws IOException, InterruptedException {
        HttpResponse<String> response = send("POST", "/api/v1/groups", JSON.writeValueAsString(Map.of("name", group)));
        expect(response, 201, "POST /api/v1/groups");
        return JSON.readTree(response.body()).path("agentToken").asText();
    }

    /** A new agent token for the group; its earlier tokens are revoked, its profiles stay. */
    String rotateToken(String group) throws IOException, InterruptedException {
        String path = groupPath(group) + "/tokens?revokeOthers=true";
        HttpResponse<String> response = send("POST", path, null);
        expect(response, 201, "POST " + path);
        return JSON.readTree(response.body()).path("agentToken").asText();
    }

    /** Whether the process {@code pid} has reported to the group in the last hour. */
    boolean reported(String group, long pid) throws IOException, InterruptedException {
        HttpResponse<String> response = send("GET", groupPath(group) + "/instances?from=-1h", null);
        expect(response, 200, "GET instances");
        for (JsonNode instance : JSON.readTree(response.body())) {
            if (instance.path("pid").asLong() == pid) {
                return true;
            }
        }
        return false;
    }

    /** How many recommendations the last hour's CPU profile gives. */
    int recommendationCount(String group) throws IOException, InterruptedException {
        HttpResponse<String> response = send("GET", groupPath(group) + "/recommendations?from=-1h", null);
        expect(response, 200, "GET recommendations");
        return JSON.readTree(response.body()).path("findings").size();
    }

    private HttpResponse<String> send(String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(HttpResponse<String> response, int status, String call) throws IOException {
        if (response.statusCode() == 401) {
            throw new IOException(call + ": the collector refused the admin token (401); is HOTPATH_ADMIN_TOKEN the "
                    + "one this data folder was started with?");
        }
        if (response.statusCode() != status) {
            throw new IOException(call + " answered " + response.statusCode() + " (expected " + status + "): "
                    + response.body().strip());
        }
    }

    private static String groupPath(String group) {
        return "/api/v1/groups/" + URLEncoder.encode(group, StandardCharsets.UTF_8);
    }
}
