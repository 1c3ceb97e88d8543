package dev.hotpath.collector.analysis;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * A receiver's HTTP/1.x answer as far as a webhook needs it: the status and the start of the body; {@code cut} says
 * why the body is incomplete (null when it is complete; a 2xx body is never read). At most {@link #MAX_BYTES} are
 * read, before one deadline.
 */
record WebhookAnswer(int status, String body, String cut) {

    /** Bytes of an answer read at most, status line and headers included. */
    static final int MAX_BYTES = 4096;

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};
    private static final byte[] LAST_CHUNK = {'0', '\r', '\n', '\r', '\n'};

    /** Reads the answer from {@code socket} until it is complete, {@link #MAX_BYTES} arrived or {@code end}. */
    static WebhookAnswer read(Socket socket, long end, Duration deadline) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        int headStart = 0;
        int headerEnd = -1;
        int status = -1;
        long contentLength = -1;
        boolean chunked = false;
        while (true) {
            int room = MAX_BYTES - answer.size();
            if (room == 0) {
                if (headerEnd < 0) {
                    throw new IOException("answer headers longer than " + MAX_BYTES + " bytes");
                }
                return answer(status, answer.toByteArray(), headerEnd, chunked, "at " + MAX_BYTES + " bytes");
            }
            int n;
            try {
                socket.setSoTimeout(WebhookClient.remainingMillis(end));
                n = in.read(buffer, 0, Math.min(room, buffer.length));
            } catch (IOException e) {
                // A read timeout, or the watchdog closed the socket at the deadline.
                boolean late = e instanceof SocketTimeoutException || System.nanoTime() - end >= 0;
                if (!late) {
                    throw new IOException("reading the answer failed: " + WebhookClient.describe(e), e);
                }
                if (headerEnd < 0) {
                    throw new SocketTimeoutException("no complete answer within " + deadline.toMillis() + " ms");
                }
                return answer(
                        status,
                        answer.toByteArray(),
                        headerEnd,
                        chunked,
                        "at the " + deadline.toMillis() + " ms deadline");
            }
            if (n < 0) {
                if (headerEnd < 0) {
                    throw new IOException("connection closed before a complete answer");
                }
                return answer(status, answer.toByteArray(), headerEnd, chunked, null);
            }
            answer.write(buffer, 0, n);
            byte[] bytes = answer.toByteArray();
            while (headerEnd < 0) {
                int blockEnd = indexOf(bytes, headStart, HEADER_END);
                if (blockEnd < 0) {
                    break;
                }
                String[] lines =
                        new String(bytes, headStart, blockEnd - headStart, StandardCharsets.ISO_8859_1).split("\r\n");
                status = status(lines[0]);
                if (status / 100 == 1) {
                    // An interim answer (100 Continue, 103 Early Hints): the final one follows.
                    headStart = blockEnd + 4;
                    continue;
                }
                headerEnd = blockEnd + 4;
                if (status / 100 == 2) {
                    return new WebhookAnswer(status, "", null);
                }
                for (String line : lines) {
                    String lower = line.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("content-length:")) {
                        contentLength = parseLength(
                                line.substring("content-length:".length()).trim());
                    } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                        chunked = true;
                    }
                }
            }
            if (headerEnd < 0) {
                continue;
            }
            if (contentLength >= 0 && bytes.length - headerEnd >= contentLength
                    || chunked && endsWith(bytes, LAST_CHUNK)) {
                return answer(status, bytes, headerEnd, chunked, null);
            }
        }
    }

    private static WebhookAnswer answer(int status, byte[] bytes, int headerEnd, boolean chunked, String cut) {
        byte[] body = Arrays.copyOfRange(bytes, headerEnd, bytes.length);
        return new WebhookAnswer(
                status, new String(chunked ? unchunk(body) : body, StandardCharsets.UTF_8).strip(), cut);
    }

    /** The data of the complete chunks in {@code body}; a cut last chunk contributes what arrived of it. */
    private static byte[] unchunk(byte[] body) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        int at = 0;
        while (at < body.length) {
            int lineEnd = indexOf(body, at, CRLF);
            if (lineEnd < 0) {
                break;
            }
            String size = new String(body, at, lineEnd - at, StandardCharsets.ISO_8859_1);
            int semicolon = size.indexOf(';');
            int length;
            try {
                length = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
            } catch (NumberFormatException e) {
                break;
            }
            at = lineEnd + 2;
            if (length <= 0) {
                break;
            }
            int take = Math.min(length, body.length - at);
            data.write(body, at, take);
            at += take + 2;
        }
        return data.toByteArray();
    }

    private static int status(String statusLine) throws IOException {
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("\\d{3}")) {
            // Not quoted: the answer is shown to the admin only, and this message to read-only tokens too.
            throw new IOException("not an HTTP/1.x answer");
        }
        return Integer.parseInt(parts[1]);
    }

    private static long parseLength(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean endsWith(byte[] bytes, byte[] suffix) {
        return bytes.length >= suffix.length && indexOf(bytes, bytes.length - suffix.length, suffix) >= 0;
    }

    private static int indexOf(byte[] bytes, int from, byte[] part) {
        outer:
        for (int i = from; i + part.length <= bytes.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
