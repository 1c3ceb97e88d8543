package dev.hotpath.collector.analysis;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 POST over a plain socket (TLS for https) to an address checked after the one DNS lookup, reading
 * at most {@link #MAX_ANSWER_BYTES} of the answer within one deadline for the whole exchange; never follows a
 * redirect.
 *
 * <p>Not java.net.http.HttpClient: it resolves the name itself when it connects, so what it reaches could differ
 * from what was checked. Here the socket connects to the checked InetAddress, while TLS still sends SNI for and
 * verifies the certificate against the host name of the URL.
 */
final class WebhookClient implements AutoCloseable {

    /** Bytes of an answer read at most, status line and headers included. */
    static final int MAX_ANSWER_BYTES = 4096;

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};
    private static final byte[] LAST_CHUNK = {'0', '\r', '\n', '\r', '\n'};

    private final boolean allowPrivate;
    private final Duration deadline;
    private final SSLSocketFactory tls;
    private final WebhookAddress.Resolver resolver;
    private final ScheduledThreadPoolExecutor deadlines;

    WebhookClient(boolean allowPrivate, Duration deadline, SSLSocketFactory tls) {
        this(allowPrivate, deadline, tls, InetAddress::getAllByName);
    }

    WebhookClient(boolean allowPrivate, Duration deadline, SSLSocketFactory tls, WebhookAddress.Resolver resolver) {
        this.allowPrivate = allowPrivate;
        this.deadline = deadline;
        this.tls = tls;
        this.resolver = resolver;
        this.deadlines = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "hotpath-webhook-deadline");
            thread.setDaemon(true);
            return thread;
        });
        deadlines.setRemoveOnCancelPolicy(true);
    }

    /**
     * What came back: the status and the start of the body; {@code cut} says why the body is incomplete (null when
     * it is complete; a 2xx body is never read).
     */
    record Answer(int status, String body, String cut) {
    }

    /** POSTs {@code body} as JSON; IOException with a message naming the step that failed (Refused: not sent). */
    Answer post(URI url, byte[] body) throws IOException {
        long end = System.nanoTime() + deadline.toNanos();
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new WebhookAddress.Refused("refused: the url is not http(s):// with a host name");
        }
        boolean https = scheme.equals("https");
        String host = url.getHost().startsWith("[") ? url.getHost().substring(1, url.getHost().length() - 1)
                : url.getHost();
        int port = url.getPort() == -1 ? (https ? 443 : 80) : url.getPort();
        InetAddress[] addresses = WebhookAddress.resolve(host, allowPrivate, resolver);
        try (Socket socket = connect(host, addresses, port, end)) {
            // Reads and the handshake time out by themselves; a write to a receiver that reads nothing would wait
            // forever, so the socket is closed at the deadline whatever it is doing.
            ScheduledFuture<?> watchdog = deadlines.schedule(() -> closeQuietly(socket), end - System.nanoTime(),
                    TimeUnit.NANOSECONDS);
            try {
                Socket channel = https ? handshake(socket, host, port, end) : socket;
                send(channel, url, body, host, end);
                return read(channel, end);
            } finally {
                watchdog.cancel(false);
            }
        }
    }

    /** Stops the deadline thread. */
    @Override
    public void close() {
        deadlines.shutdownNow();
    }

    private void send(Socket channel, URI url, byte[] body, String host, long end) throws IOException {
        String target = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        String head = "POST " + target + " HTTP/1.1\r\n"
                + "Host: " + url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort()) + "\r\n"
                + "User-Agent: hotpath-collector\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n\r\n";
        try {
            OutputStream out = channel.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
        } catch (IOException e) {
            if (System.nanoTime() - end >= 0) {
                throw new SocketTimeoutException("could not send the message to " + host + " within "
                        + deadline.toMillis() + " ms");
            }
            throw new IOException("sending to " + host + " failed: " + describe(e), e);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is all the deadline asks; the blocked call fails with its own exception.
        }
    }

    private Socket connect(String host, InetAddress[] addresses, int port, long end) throws IOException {
        IOException last = null;
        for (InetAddress address : addresses) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(address, port), remainingMillis(end));
                return socket;
            } catch (IOException e) {
                socket.close();
                last = new IOException("could not connect to " + host + " at " + address.getHostAddress() + ":"
                        + port + ": " + describe(e), e);
            }
        }
        throw last;
    }

    private Socket handshake(Socket socket, String host, int port, long end) throws IOException {
        SSLSocket ssl = (SSLSocket) tls.createSocket(socket, host, port, true);
        SSLParameters parameters = ssl.getSSLParameters();
        // Verify the certificate against the URL's host, not the address the socket was given.
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        try {
            parameters.setServerNames(List.of(new SNIHostName(host)));
        } catch (IllegalArgumentException e) {
            // An IP literal: no SNI, the certificate must name the address itself.
        }
        ssl.setSSLParameters(parameters);
        try {
            ssl.setSoTimeout(remainingMillis(end));
            ssl.startHandshake();
        } catch (IOException e) {
            throw new IOException("TLS handshake with " + host + " failed: " + describe(e), e);
        }
        return ssl;
    }

    private Answer read(Socket socket, long end) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        int headStart = 0;
        int headerEnd = -1;
        int status = -1;
        long contentLength = -1;
        boolean chunked = false;
        while (true) {
            int room = MAX_ANSWER_BYTES - answer.size();
            if (room == 0) {
                if (headerEnd < 0) {
                    throw new IOException("answer headers longer than " + MAX_ANSWER_BYTES + " bytes");
                }
                return answer(status, answer.toByteArray(), headerEnd, chunked, "at " + MAX_ANSWER_BYTES + " bytes");
            }
            int n;
            try {
                socket.setSoTimeout(remainingMillis(end));
                n = in.read(buffer, 0, Math.min(room, buffer.length));
            } catch (IOException e) {
                // A read timeout, or the watchdog closed the socket at the deadline.
                boolean late = e instanceof SocketTimeoutException || System.nanoTime() - end >= 0;
                if (!late) {
                    throw new IOException("reading the answer failed: " + describe(e), e);
                }
                if (headerEnd < 0) {
                    throw new SocketTimeoutException("no complete answer within " + deadline.toMillis() + " ms");
                }
                return answer(status, answer.toByteArray(), headerEnd, chunked,
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
                String[] lines = new String(bytes, headStart, blockEnd - headStart, StandardCharsets.ISO_8859_1)
                        .split("\r\n");
                status = status(lines[0]);
                if (status / 100 == 1) {
                    // An interim answer (100 Continue, 103 Early Hints): the final one follows.
                    headStart = blockEnd + 4;
                    continue;
                }
                headerEnd = blockEnd + 4;
                if (status / 100 == 2) {
                    return new Answer(status, "", null);
                }
                for (String line : lines) {
                    String lower = line.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("content-length:")) {
                        contentLength = parseLength(line.substring("content-length:".length()).trim());
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

    private static Answer answer(int status, byte[] bytes, int headerEnd, boolean chunked, String cut) {
        byte[] body = Arrays.copyOfRange(bytes, headerEnd, bytes.length);
        return new Answer(status, new String(chunked ? unchunk(body) : body, StandardCharsets.UTF_8).strip(), cut);
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

    private static int remainingMillis(long end) throws SocketTimeoutException {
        long left = (end - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        // A socket timeout of 0 means none: never hand that over.
        return (int) Math.max(1, Math.min(left, Integer.MAX_VALUE));
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
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
