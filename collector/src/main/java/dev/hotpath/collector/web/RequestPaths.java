package dev.hotpath.collector.web;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which raw request paths the collector takes at all, and which of them answer without a token. Decided on the path
 * exactly as sent: a path the router would read differently than it is written (matrix parameters, percent-escapes,
 * dot segments, doubled or back slashes) is refused, so no rule can be passed by spelling a path another way. No
 * Hotpath path needs any of these: group names are [A-Za-z0-9._-] and start with a letter or digit.
 */
final class RequestPaths {

    private static final Set<String> OPEN =
            Set.of("/", "/index.html", "/q/health", "/q/health/live", "/q/health/ready", "/q/health/started");
    // The web UI's own files (META-INF/resources): it then asks for a token and sends it with every API call.
    private static final Pattern UI_FILE = Pattern.compile("/(js|css)/[A-Za-z0-9_-]+\\.(js|css)");

    private RequestPaths() {}

    /** Why {@code rawPath} is refused, or null when it is canonical. */
    static String problem(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            return "the request path must start with '/'";
        }
        if (rawPath.indexOf(';') >= 0) {
            return "matrix parameters (';') are not accepted in request paths";
        }
        if (rawPath.indexOf('%') >= 0) {
            return "percent-escapes are not accepted in request paths (no Hotpath path needs one)";
        }
        if (rawPath.indexOf('\\') >= 0) {
            return "backslashes are not accepted in request paths";
        }
        if (rawPath.contains("//")) {
            return "empty path segments ('//') are not accepted";
        }
        for (String segment : rawPath.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return "dot segments ('.', '..') are not accepted in request paths";
            }
        }
        return null;
    }

    /** Whether a canonical path answers GET and HEAD without a token: the web UI's files and health checks. */
    static boolean isOpen(String path) {
        return OPEN.contains(path) || UI_FILE.matcher(path).matches();
    }

    /** Whether a canonical path belongs to the REST API, whose resources decide what a read-only token may do. */
    static boolean isApi(String path) {
        return path.equals("/api") || path.startsWith("/api/");
    }

    /** The only management path a read-only token may GET. */
    static boolean isMetrics(String path) {
        return path.equals("/q/metrics");
    }
}
