package dev.hotpath.collector.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The webhook client against real sockets on loopback: what it refuses to reach, and how little it reads. */
class WebhookClientTest {

    private static final Duration DEADLINE = Duration.ofSeconds(1);
    private static final byte[] BODY = "{\"function\":\"f\"}".getBytes(StandardCharsets.UTF_8);
    private static final SSLSocketFactory TLS = (SSLSocketFactory) SSLSocketFactory.getDefault();

    private final WebhookClient publicOnly = new WebhookClient(false, DEADLINE, TLS);
    private final WebhookClient insideNetwork = new WebhookClient(true, DEADLINE, TLS);
    private RawServer server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "http://127.0.0.1:PORT/hook             | refused: 127.0.0.1 is a loopback address",
                "http://localhost:PORT/hook             | refused: localhost resolves to",
                "http://[::1]:PORT/hook                 | refused: ::1 resolves to 0:0:0:0:0:0:0:1, a loopback address",
                "http://0.0.0.0:PORT/hook               | refused: 0.0.0.0 is an unspecified address",
                "http://169.254.169.254/latest/meta-data | refused: 169.254.169.254 is a link-local address",
                "http://10.1.2.3:PORT/hook              | refused: 10.1.2.3 is a private address",
                "http://192.168.0.1/                    | refused: 192.168.0.1 is a private address",
                "http://[::ffff:127.0.0.1]:PORT/hook    | refused: ::ffff:127.0.0.1 resolves to 127.0.0.1, a loopback address",
                "http://[::127.0.0.1]:PORT/hook         | refused: ::127.0.0.1 resolves to 0:0:0:0:0:0:7f00:1, a loopback",
                "http://2130706433:PORT/hook            | refused: 2130706433 resolves to 127.0.0.1, a loopback address",
                "http://[fd00:ec2::254]/latest          | refused: fd00:ec2::254 resolves to fd00:ec2:0:0:0:0:0:254, a unique",
                "https://127.0.0.1:PORT/hook            | refused: 127.0.0.1 is a loopback address"
            })
    void post_privateDestinationByDefault_refusedBeforeConnecting(String url, String message) throws Exception {
        server = RawServer.answering("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");

        assertThatThrownBy(() -> publicOnly.post(server.url(url), BODY))
                .isInstanceOf(WebhookAddress.Refused.class)
                .hasMessageStartingWith(message);
        assertThat(server.connections())
                .as("nothing reached the listener on loopback")
                .isZero();
    }

    @Test
    void post_nameWithOnePrivateAmongPublicAddresses_refused() throws Exception {
        server = RawServer.answering("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        WebhookAddress.Resolver mixed =
                host -> new InetAddress[] {InetAddress.getByName("93.184.215.14"), InetAddress.getByName("127.0.0.1")};
        WebhookClient client = new WebhookClient(false, DEADLINE, TLS, mixed);

        assertThatThrownBy(() -> client.post(server.url("http://hooks.example.com:PORT/hook"), BODY))
                .isInstanceOf(WebhookAddress.Refused.class)
                .hasMessageStartingWith("refused: hooks.example.com resolves to 127.0.0.1, a loopback address");
        assertThat(server.connections()).isZero();
    }

    @Test
    void post_rebindingName_lookedUpOnceAndTheCheckedAddressConnected() throws Exception {
        server = RawServer.answering("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        AtomicInteger lookups = new AtomicInteger();
        // First answer loopback (allowed here), every later one a public address: only the first may be used.
        WebhookAddress.Resolver rebinding = host ->
                new InetAddress[] {InetAddress.getByName(lookups.incrementAndGet() == 1 ? "127.0.0.1" : "93.184.215.14")
                };
        WebhookClient client = new WebhookClient(true, DEADLINE, TLS, rebinding);

        assertThat(client.post(server.url("http://rebind.example.com:PORT/hook"), BODY)
                        .status())
                .isEqualTo(200);
        assertThat(lookups).hasValue(1);
        assertThat(server.connections()).isOne();
        assertThat(server.lastRequest()).contains("\r\nHost: rebind.example.com:");
    }

    @Test
    void post_interimAnswerFirst_finalStatusCounts() throws Exception {
        server = RawServer.answering("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");

        assertThat(insideNetwork
                        .post(server.url("http://127.0.0.1:PORT/"), BODY)
                        .status())
                .isEqualTo(201);
    }

    @Test
    void post_loopbackInsideYourNetwork_delivered() throws Exception {
        server = RawServer.answering("HTTP/1.1 204 No Content\r\n\r\n");

        assertThat(insideNetwork
                        .post(server.url("http://127.0.0.1:PORT/hook?token=s3cret"), BODY)
                        .status())
                .isEqualTo(204);
        assertThat(server.lastRequest())
                .startsWith("POST /hook?token=s3cret HTTP/1.1\r\nHost: 127.0.0.1:")
                .contains("Content-Type: application/json\r\n")
                .endsWith("\r\n\r\n{\"function\":\"f\"}");
    }

    @Test
    void post_portOutOfRange_refused() {
        assertThatThrownBy(() -> insideNetwork.post(URI.create("http://127.0.0.1:99999/"), BODY))
                .isInstanceOf(WebhookAddress.Refused.class)
                .hasMessage("refused: port 99999 is not between 1 and 65535");
    }

    @Test
    void post_metadataInsideYourNetwork_stillRefused() {
        assertThatThrownBy(() -> insideNetwork.post(URI.create("http://169.254.169.254/latest/meta-data"), BODY))
                .isInstanceOf(WebhookAddress.Refused.class)
                .hasMessageContaining("never a webhook destination");
    }

    @Test
    void post_endlessErrorBody_cutAtTheCap() throws Exception {
        server = RawServer.streaming("HTTP/1.1 500 Oops\r\n\r\n", 0);

        long start = System.nanoTime();
        WebhookAnswer answer = insideNetwork.post(server.url("http://127.0.0.1:PORT/"), BODY);

        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.body())
                .hasSizeLessThanOrEqualTo(WebhookAnswer.MAX_BYTES)
                .startsWith("xxxx");
        assertThat(answer.cut()).isEqualTo("at 4096 bytes");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(DEADLINE);
    }

    @Test
    void post_slowDrip_cutAtTheDeadline() throws Exception {
        server = RawServer.streaming("HTTP/1.1 503 Busy\r\n\r\n", 50);

        long start = System.nanoTime();
        WebhookAnswer answer = insideNetwork.post(server.url("http://127.0.0.1:PORT/"), BODY);

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.cut()).isEqualTo("at the 1000 ms deadline");
        assertThat(answer.body()).hasSizeLessThan(100);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isBetween(DEADLINE.minusMillis(50), DEADLINE.plusMillis(500));
    }

    @Test
    void post_silentReceiver_timesOutAtTheDeadline() throws Exception {
        server = RawServer.streaming("", 60_000);

        long start = System.nanoTime();
        assertThatThrownBy(() -> insideNetwork.post(server.url("http://127.0.0.1:PORT/"), BODY))
                .isInstanceOf(SocketTimeoutException.class)
                .hasMessage("no complete answer within 1000 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(DEADLINE.plusMillis(500));
    }

    @Test
    void post_receiverReadsNothing_sendingStopsAtTheDeadline() throws Exception {
        try (ServerSocket deaf = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            // Far more than socket buffers hold: the write blocks until the deadline closes the socket.
            byte[] large = new byte[64 << 20];

            long start = System.nanoTime();
            assertThatThrownBy(() ->
                            insideNetwork.post(URI.create("http://127.0.0.1:" + deaf.getLocalPort() + "/"), large))
                    .isInstanceOf(SocketTimeoutException.class)
                    .hasMessage("could not send the message to 127.0.0.1 within 1000 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(DEADLINE.plusMillis(500));
        }
    }

    @Test
    void post_endlessHeaders_refusedAtTheCap() throws Exception {
        server = RawServer.streaming("HTTP/1.1 200 OK\r\nX-Padding: ", 0);

        assertThatThrownBy(() -> insideNetwork.post(server.url("http://127.0.0.1:PORT/"), BODY))
                .hasMessage("answer headers longer than 4096 bytes");
    }

    @Test
    void post_redirect_notFollowed() throws Exception {
        try (RawServer target = RawServer.answering("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")) {
            server = RawServer.answering("HTTP/1.1 302 Found\r\nLocation: " + target.url("http://127.0.0.1:PORT/")
                    + "\r\nContent-Length: 0\r\n\r\n");

            assertThat(insideNetwork
                            .post(server.url("http://127.0.0.1:PORT/"), BODY)
                            .status())
                    .isEqualTo(302);
            assertThat(target.connections()).isZero();
        }
    }

    @Test
    void post_chunkedErrorBody_decoded() throws Exception {
        server = RawServer.answering(
                "HTTP/1.1 503 Busy\r\nTransfer-Encoding: chunked\r\n\r\n" + "9\r\nreceiver \r\n4\r\nbusy\r\n0\r\n\r\n");

        WebhookAnswer answer = insideNetwork.post(server.url("http://127.0.0.1:PORT/"), BODY);

        assertThat(answer).isEqualTo(new WebhookAnswer(503, "receiver busy", null));
    }

    @Test
    void post_refusedConnection_namesHostAndAddress() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }

        assertThatThrownBy(() -> insideNetwork.post(URI.create("http://127.0.0.1:" + port + "/"), BODY))
                .hasMessageStartingWith("could not connect to 127.0.0.1 at 127.0.0.1:" + port + ": ");
    }

    @Test
    void post_https_connectsToTheCheckedAddressVerifiesAndNamesTheHost(@TempDir Path dir) throws Exception {
        char[] password = "changeit".toCharArray();
        Path store = dir.resolve("receiver.p12");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "receiver",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-validity",
                        "2",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=dns:localhost",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        "changeit",
                        "-keypass",
                        "changeit")
                .redirectErrorStream(true)
                .start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0)
                .as(new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isTrue();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, password);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, password);
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keyManagers.getKeyManagers(), null, null);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keys);
        SSLContext clientTls = SSLContext.getInstance("TLS");
        clientTls.init(null, trust.getTrustManagers(), null);
        List<String> serverNames = new CopyOnWriteArrayList<>();
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        https.createContext("/hook", exchange -> {
            ((ExtendedSSLSession) ((HttpsExchange) exchange).getSSLSession())
                    .getRequestedServerNames()
                    .forEach(name -> serverNames.add(((SNIHostName) name).getAsciiName()));
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        https.start();
        try {
            WebhookClient client = new WebhookClient(true, Duration.ofSeconds(5), clientTls.getSocketFactory());
            int port = https.getAddress().getPort();

            assertThat(client.post(URI.create("https://localhost:" + port + "/hook"), BODY)
                            .status())
                    .isEqualTo(200);
            assertThat(serverNames).containsExactly("localhost");
            // The same listener by address: the certificate names localhost only, so verification fails.
            assertThatThrownBy(() -> client.post(URI.create("https://127.0.0.1:" + port + "/hook"), BODY))
                    .hasMessageStartingWith("TLS handshake with 127.0.0.1 failed: ")
                    .hasMessageContaining("127.0.0.1");
        } finally {
            https.stop(0);
        }
    }

    /** A loopback listener that writes a fixed head and then, if asked, 'x' forever; counts what it saw. */
    static final class RawServer implements AutoCloseable {

        private final ServerSocket socket;
        private final AtomicInteger connections = new AtomicInteger();
        private final AtomicLong sent = new AtomicLong();
        private volatile String lastRequest = "";

        private RawServer(String head, boolean endless, long pauseMillis) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
            Thread thread = new Thread(
                    () -> {
                        while (!socket.isClosed()) {
                            try (Socket client = socket.accept()) {
                                connections.incrementAndGet();
                                lastRequest = readRequest(client.getInputStream());
                                OutputStream out = client.getOutputStream();
                                out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                                out.flush();
                                sent.addAndGet(head.length());
                                byte[] chunk = new byte[pauseMillis > 0 ? 1 : 1024];
                                Arrays.fill(chunk, (byte) 'x');
                                while (endless && !socket.isClosed()) {
                                    if (pauseMillis > 0) {
                                        Thread.sleep(pauseMillis);
                                    }
                                    out.write(chunk);
                                    out.flush();
                                    sent.addAndGet(chunk.length);
                                }
                            } catch (IOException e) {
                                // The client hung up (as it should at its cap or deadline) or the server closed.
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    },
                    "raw-webhook-receiver");
            thread.setDaemon(true);
            thread.start();
        }

        static RawServer answering(String answer) throws IOException {
            return new RawServer(answer, false, 0);
        }

        static RawServer streaming(String head, long pauseMillis) throws IOException {
            return new RawServer(head, true, pauseMillis);
        }

        URI url(String template) {
            return URI.create(template.replace("PORT", Integer.toString(socket.getLocalPort())));
        }

        int connections() {
            return connections.get();
        }

        long bytesSent() {
            return sent.get();
        }

        String lastRequest() {
            return lastRequest;
        }

        private static String readRequest(InputStream in) throws IOException {
            StringBuilder request = new StringBuilder();
            int length = -1;
            while (true) {
                int c = in.read();
                if (c < 0) {
                    return request.toString();
                }
                request.append((char) c);
                if (request.toString().endsWith("\r\n\r\n")) {
                    break;
                }
            }
            for (String line : request.toString().split("\r\n")) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            request.append(new String(in.readNBytes(Math.max(length, 0)), StandardCharsets.UTF_8));
            return request.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
