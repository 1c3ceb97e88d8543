package dev.hotpath.collector.analysis;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
 * at most {@link WebhookAnswer#MAX_BYTES} of the answer within one deadline for the whole exchange; never follows a
 * redirect.
 *
 * <p>Not java.net.http.HttpClient: it resolves the name itself when it connects, so what it reaches could differ
 * from what was checked. Here the socket connects to the checked InetAddress, while TLS still sends SNI for and
 * verifies the certificate against the host name of the URL.
 */
final class WebhookClient implements AutoCloseable {

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

    /** POSTs {@code body} as JSON; IOException with a message naming the step that failed (Refused: not sent). */
    WebhookAnswer post(URI url, byte[] body) throws IOException {
        long end = System.nanoTime() + deadline.toNanos();
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new WebhookAddress.Refused("refused: the url is not http(s):// with a host name");
        }
        boolean https = scheme.equals("https");
        String host = url.getHost().startsWith("[")
                ? url.getHost().substring(1, url.getHost().length() - 1)
                : url.getHost();
        int port = url.getPort() == -1 ? (https ? 443 : 80) : url.getPort();
        if (port < 1 || port > 65535) {
            throw new WebhookAddress.Refused("refused: port " + port + " is not between 1 and 65535");
        }
        InetAddress[] addresses = WebhookAddress.resolve(host, allowPrivate, resolver);
        try (Socket socket = connect(host, addresses, port, end)) {
            // Reads and the handshake time out by themselves; a write to a receiver that reads nothing would wait
            // forever, so the socket is closed at the deadline whatever it is doing.
            ScheduledFuture<?> watchdog =
                    deadlines.schedule(() -> closeQuietly(socket), end - System.nanoTime(), TimeUnit.NANOSECONDS);
            try {
                Socket channel = https ? handshake(socket, host, port, end) : socket;
                send(channel, url, body, host, end);
                return WebhookAnswer.read(channel, end, deadline);
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
                throw new SocketTimeoutException(
                        "could not send the message to " + host + " within " + deadline.toMillis() + " ms");
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
                last = new IOException(
                        "could not connect to " + host + " at " + address.getHostAddress() + ":" + port + ": "
                                + describe(e),
                        e);
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

    static int remainingMillis(long end) throws SocketTimeoutException {
        long left = (end - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        // A socket timeout of 0 means none: never hand that over.
        return (int) Math.max(1, Math.min(left, Integer.MAX_VALUE));
    }

    static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
