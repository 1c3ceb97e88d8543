package dev.hotpath.agent.labels;

/**
 * An endpoint label from an HTTP method and request path: {@code METHOD /path} with high-cardinality segments
 * collapsed to {@code {id}} (digits only; a UUID; 16+ hex digits with a digit; 20+ letters, digits, '-' or '_'
 * with a digit), the query, fragment and ';' parameters dropped, cut to {@link #MAX_CHARS}. A route template
 * ({@code /orders/{id}}) passes through unchanged; a null method gives the path alone (gRPC method names). The
 * comparison walks the request's own strings, so that a label seen before costs no allocation.
 */
final class EndpointName {
    static final String ID = "{id}";
    static final int MAX_CHARS = LabelRegistry.MAX_VALUE_CHARS;

    private EndpointName() {}

    /** The label, as {@link #matches} sees it. */
    static String of(String method, String path) {
        StringBuilder out = new StringBuilder(Math.min(MAX_CHARS, path.length() + 12));
        if (method != null) {
            append(out, method, 0, method.length());
            append(out, " ", 0, 1);
        }
        int length = path.length();
        int start = 0;
        if (segmentEnd(path, 0, length) == 0 && (length == 0 || path.charAt(0) != '/')) {
            append(out, "/", 0, 1);
            return out.toString();
        }
        while (out.length() < MAX_CHARS) {
            int stop = segmentEnd(path, start, length);
            if (isId(path, start, stop)) {
                append(out, ID, 0, ID.length());
            } else {
                append(out, path, start, stop);
            }
            if (stop == length || path.charAt(stop) != '/') {
                break;
            }
            append(out, "/", 0, 1);
            start = stop + 1;
        }
        return out.toString();
    }

    /** Whether {@code label} is {@code of(method, path)}, without building the latter: one pass over the path. */
    static boolean matches(String label, String method, String path) {
        int n = 0;
        if (method != null) {
            int length = Math.min(method.length(), MAX_CHARS);
            if (!label.regionMatches(0, method, 0, length)) {
                return false;
            }
            n = length;
            if (n < MAX_CHARS) {
                if (n >= label.length() || label.charAt(n) != ' ') {
                    return false;
                }
                n++;
            }
        }
        int length = path.length();
        if (segmentEnd(path, 0, length) == 0 && (length == 0 || path.charAt(0) != '/')) {
            return n >= MAX_CHARS ? label.length() == n : label.length() == n + 1 && label.charAt(n) == '/';
        }
        int start = 0;
        while (n < MAX_CHARS) {
            int stop = segmentEnd(path, start, length);
            boolean id = isId(path, start, stop);
            String text = id ? ID : path;
            int from = id ? 0 : start;
            int count = Math.min((id ? ID.length() : stop) - from, MAX_CHARS - n);
            if (!label.regionMatches(n, text, from, count)) {
                return false;
            }
            n += count;
            if (stop == length || path.charAt(stop) != '/' || n >= MAX_CHARS) {
                break;
            }
            if (n >= label.length() || label.charAt(n) != '/') {
                return false;
            }
            n++;
            start = stop + 1;
        }
        return label.length() == n;
    }

    private static void append(StringBuilder out, String text, int from, int to) {
        out.append(text, from, Math.min(to, from + MAX_CHARS - out.length()));
    }

    /** Where the segment from {@code start} ends: at a '/', at the end of the path proper, or at {@code length}. */
    private static int segmentEnd(String path, int start, int length) {
        for (int i = start; i < length; i++) {
            char c = path.charAt(i);
            if (c == '/' || c == '?' || c == '#' || c == ';') {
                return i;
            }
        }
        return length;
    }

    /** Whether a segment is an identifier rather than a name: see the class comment. */
    static boolean isId(String path, int start, int end) {
        int length = end - start;
        if (length == 0) {
            return false;
        }
        if (length < 16) {
            // Too short for a UUID, hex id or token: only a number. Most segments are short names, out at once.
            for (int i = start; i < end; i++) {
                char c = path.charAt(i);
                if (c < '0' || c > '9') {
                    return false;
                }
            }
            return true;
        }
        boolean digits = true;
        boolean hex = true;
        boolean token = true;
        boolean anyDigit = false;
        boolean uuid = length == 36;
        for (int i = start; i < end; i++) {
            char c = path.charAt(i);
            boolean digit = c >= '0' && c <= '9';
            boolean hexLetter = (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            anyDigit |= digit;
            digits &= digit;
            hex &= digit || hexLetter;
            token &= digit || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_';
            if (uuid) {
                int at = i - start;
                uuid = (at == 8 || at == 13 || at == 18 || at == 23) ? c == '-' : digit || hexLetter;
            }
        }
        return digits || uuid || (hex && anyDigit && length >= 16) || (token && anyDigit && length >= 20);
    }
}
