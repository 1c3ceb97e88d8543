package dev.hotpath.collector.app;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.collector.ingest.AgentClient;
import dev.hotpath.collector.ingest.RawMessages;
import dev.hotpath.collector.ingest.ReportFixture;
import dev.hotpath.proto.v1.AgentServiceGrpc;
import dev.hotpath.proto.v1.Report;
import dev.hotpath.proto.v1.SubmitReportResponse;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptors;
import io.grpc.Compressor;
import io.grpc.CompressorRegistry;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks of docs/security.md against the packaged collector jar with its defaults (embedded PostgreSQL,
 * generated admin token), each with its expected and measured answer. The measured table is written to
 * target/security-attacks.md, from which docs/security.md is updated.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityAttacksIT {

    private static final int BOMBS = 100;
    private static final long MB = 1 << 20;
    private static final List<String> ROWS = new ArrayList<>();

    @TempDir
    static Path workDir;

    private CollectorProcess collector;
    private String adminToken;
    private String group;
    private String agentToken;
    private ManagedChannel bombChannel;

    @BeforeAll
    void start() throws Exception {
        collector = CollectorProcess.start(workDir, Map.of());
        adminToken = Files.readString(workDir.resolve("hotpath-data/admin-token"), StandardCharsets.UTF_8)
                .trim();
        group = "victim";
        agentToken = admin().contentType("application/json")
                .body(Map.of("name", group))
                .post("/api/v1/groups")
                .then()
                .statusCode(201)
                .extract()
                .path("agentToken");
        // Sends a message's bytes as they are with the gzip flag set: the bytes are already a gzip stream.
        CompressorRegistry preCompressed = CompressorRegistry.newEmptyInstance();
        preCompressed.register(new Compressor() {
            @Override
            public String getMessageEncoding() {
                return "gzip";
            }

            @Override
            public OutputStream compress(OutputStream os) {
                return os;
            }
        });
        bombChannel = NettyChannelBuilder.forAddress("localhost", collector.port())
                .usePlaintext()
                .compressorRegistry(preCompressed)
                .build();
    }

    @AfterAll
    void stop() throws IOException {
        bombChannel.shutdownNow();
        collector.close();
        Path table = Path.of("target/security-attacks.md");
        Files.createDirectories(table.getParent());
        Files.writeString(
                table,
                "| attack | expected answer | measured answer |\n|---|---|---|\n" + String.join("\n", ROWS) + "\n",
                StandardCharsets.UTF_8);
    }

    @Test
    @Order(1)
    void matrixParameterTrick_noToken_refusedAndNoTokenMinted() throws IOException {
        int readTokensBefore = readTokenCount();

        int mint = rawStatus("POST", "/api;x/v1/read-tokens", null, "{\"name\":\"a\"}");
        int list = rawStatus("GET", "/api;x/v1/groups", null, null);
        int agent = rawStatus("POST", "/api;x/v1/groups/" + group + "/tokens", null, "{}");
        int encoded = rawStatus("POST", "/api%3Bx/v1/read-tokens", null, "{\"name\":\"a\"}");
        int plain = rawStatus("POST", "/api/v1/read-tokens", null, "{\"name\":\"a\"}");

        assertThat(List.of(mint, list, agent, encoded)).containsOnly(400);
        assertThat(plain).isEqualTo(401);
        assertThat(readTokenCount()).isEqualTo(readTokensBefore);
        row(
                "`POST /api;x/v1/read-tokens`, `GET /api;x/v1/groups`, `POST /api;x/v1/groups/NAME/tokens`, "
                        + "`POST /api%3Bx/v1/read-tokens`, no token",
                "400 (path not canonical), nothing created",
                "%d, %d, %d, %d; read tokens before/after: %d/%d; `POST /api/v1/read-tokens`: %d",
                mint,
                list,
                agent,
                encoded,
                readTokensBefore,
                readTokenCount(),
                plain);
    }

    @Test
    @Order(2)
    void readToken_adminOnlyResourceByAnySpelling_refused() throws IOException {
        String readToken = admin().contentType("application/json")
                .body(Map.of("name", "reader"))
                .post("/api/v1/read-tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("token");

        int trick = rawStatus("GET", "/api/v1;x/audit", readToken, null);
        int plain = rawStatus("GET", "/api/v1/audit", readToken, null);
        int slash = rawStatus("GET", "/api/v1/audit/", readToken, null);
        int write = rawStatus("DELETE", "/api/v1/groups/" + group, readToken, null);

        assertThat(trick).isEqualTo(400);
        assertThat(plain).isEqualTo(403);
        assertThat(slash).isIn(403, 404);
        assertThat(write).isEqualTo(403);
        assertThat(admin().get("/api/v1/groups/" + group).statusCode()).isEqualTo(200);
        row(
                "read-only token: `GET /api/v1;x/audit`, `GET /api/v1/audit`, `GET /api/v1/audit/`, "
                        + "`DELETE /api/v1/groups/NAME`",
                "400, 403, 403 or 404, 403; the group stays",
                "%d, %d, %d, %d; group still there",
                trick,
                plain,
                slash,
                write);
    }

    @Test
    @Order(3)
    void gzipBombs_unauthenticated_refusedUnreadMemoryFlatGoodAgentStored() throws Exception {
        byte[] bomb = RawMessages.gzipOfZeros(1L << 30);
        // Warm the paths first, so the baseline includes what any first call costs.
        for (int i = 0; i < 5; i++) {
            assertThat(bombStatus(bomb, null).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        }
        long before = rssBytes();
        AtomicLong peak = new AtomicLong(before);
        ExecutorService sampler = Executors.newSingleThreadExecutor();
        Future<?> sampling = sampler.submit(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(rssBytes(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        ExecutorService attackers = Executors.newFixedThreadPool(BOMBS);
        List<Future<Status>> answers = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < BOMBS; i++) {
            String token = i % 2 == 0 ? null : "guessed-" + i;
            answers.add(attackers.submit(() -> bombStatus(bomb, token)));
        }
        int stored = 0;
        try (AgentClient good = new AgentClient(collector.port())) {
            for (int i = 0; i < 5; i++) {
                SubmitReportResponse ack = good.as(agentToken)
                        .submitReport(ReportFixture.report()
                                .group(group)
                                .host("good")
                                .stack("main;Good.run", 100L)
                                .build());
                stored += ack.getDuplicate() ? 0 : 1;
            }
        }
        List<Status.Code> codes = new ArrayList<>();
        for (Future<Status> answer : answers) {
            codes.add(answer.get(120, TimeUnit.SECONDS).getCode());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        attackers.shutdown();
        sampling.cancel(true);
        sampler.shutdownNow();
        long after = rssBytes();
        long growth = peak.get() - before;

        assertThat(codes).containsOnly(Status.Code.UNAUTHENTICATED);
        assertThat(stored).isEqualTo(5);
        assertThat(growth).as("collector RSS growth under %d bombs", BOMBS).isLessThan(100 * MB);
        row(
                BOMBS + " concurrent unauthenticated `SubmitReport` calls, each a "
                        + String.format(Locale.ROOT, "%.2f", bomb.length / (double) MB)
                        + " MB gzip frame inflating to 1 GiB, while a good agent reports",
                "all UNAUTHENTICATED before the body is read; RSS within 100 MB; the good agent's reports stored",
                "%d UNAUTHENTICATED in %.1f s; RSS %d MB before, peak +%d MB (%,d bytes a call), %d MB after; "
                        + "good agent: 5 of 5 stored",
                codes.size(),
                seconds,
                before / MB,
                growth / MB,
                growth / BOMBS,
                after / MB);
    }

    @Test
    @Order(4)
    void gzipBomb_authenticated_refusedAtTheDecompressedCap() throws Exception {
        byte[] bomb = RawMessages.gzipOfZeros(1L << 30);
        long before = rssBytes();
        long started = System.nanoTime();

        Status status = bombStatus(bomb, agentToken);

        double millis = (System.nanoTime() - started) / 1e6;
        long growth = rssBytes() - before;
        assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(status.getDescription()).contains("hotpath.limits.max-decompressed-bytes");
        row(
                "one authenticated `SubmitReport` of a 1 MB gzip frame inflating to 1 GiB",
                "RESOURCE_EXHAUSTED naming hotpath.limits.max-decompressed-bytes; inflating stops at the cap (32 MiB)",
                "%s \"%s\" in %.0f ms; RSS +%d MB",
                status.getCode(),
                status.getDescription(),
                millis,
                growth / MB);
    }

    @Test
    @Order(5)
    void revokedAgentToken_refusedAtOnceWithoutTheDatabase() throws Exception {
        String fresh = admin().post("/api/v1/groups/" + group + "/tokens")
                .then()
                .statusCode(201)
                .extract()
                .path("agentToken");
        long freshId = admin().get("/api/v1/groups/" + group + "/tokens")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("[-1].id");
        try (AgentClient agent = new AgentClient(collector.port())) {
            agent.as(fresh)
                    .submitReport(ReportFixture.report()
                            .group(group)
                            .stack("main;A.run", 1L)
                            .build());
            admin().delete("/api/v1/groups/" + group + "/tokens/" + freshId)
                    .then()
                    .statusCode(204);
            int calls = 2_000;
            long cpuBefore = cpuNanos();
            long started = System.nanoTime();
            Status last = Status.OK;
            for (int i = 0; i < calls; i++) {
                try {
                    agent.as(fresh)
                            .submitReport(ReportFixture.report()
                                    .group(group)
                                    .stack("main;A.run", 1L)
                                    .build());
                } catch (StatusRuntimeException e) {
                    last = e.getStatus();
                }
            }
            double micros = (System.nanoTime() - started) / 1e3 / calls;
            double cpuMicros = (cpuNanos() - cpuBefore) / 1e3 / calls;

            assertThat(last.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            row(
                    "agent calls with a token revoked a moment before (" + calls + " in a row, one client)",
                    "UNAUTHENTICATED at once on this collector (within hotpath.token-refresh, 5 s, on others); "
                            + "no database round trip",
                    "%s \"%s\"; %.0f µs a call round trip; collector CPU %.0f µs a "
                            + "call (per-address limiter, token hash and lookup, HTTP/2 and gRPC framing)",
                    last.getCode(),
                    last.getDescription(),
                    micros,
                    cpuMicros);
        }
    }

    @Test
    @Order(6)
    void adminToken_generated_neverLoggedAndOwnerOnly() throws IOException {
        Path file = workDir.resolve("hotpath-data/admin-token");
        String permissions = PosixFilePermissions.toString(Files.getPosixFilePermissions(file));

        assertThat(collector.log()).doesNotContain(adminToken).contains(file.toString());
        assertThat(permissions).isEqualTo("rw-------");
        row(
                "read the generated admin token from the collector's log or the data folder as another user",
                "the log names the file only; the file is created 0600 in one step",
                "token absent from the log; file mode %s",
                permissions);
    }

    @Test
    @Order(7)
    void embeddedPostgres_psqlWithoutPassword_refusedAndLoopbackOnly() throws Exception {
        // postmaster.pid, line 4: port; line 6: the address it listens on (PostgreSQL's own record of it).
        List<String> pid = Files.readAllLines(workDir.resolve("hotpath-data/postgres/postmaster.pid"));
        String port = pid.get(3).trim();
        String listen = pid.get(5).trim();
        Path passwordFile = workDir.resolve("hotpath-data/postgres-password");
        String password = Files.readString(passwordFile, StandardCharsets.UTF_8).trim();
        ProcessBuilder psql = new ProcessBuilder(
                        "psql",
                        "-h",
                        "127.0.0.1",
                        "-p",
                        port,
                        "-U",
                        "postgres",
                        "-w",
                        "-c",
                        "COPY (SELECT 1) TO PROGRAM 'id'")
                .redirectErrorStream(true);
        psql.environment().remove("PGPASSWORD");
        psql.environment().put("PGPASSFILE", workDir.resolve("no-pgpass").toString());
        Process process = psql.start();
        String answer = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        int exit = process.waitFor();
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile));

        assertThat(exit).as(answer).isEqualTo(2);
        assertThat(answer).contains("no password supplied");
        assertThat(listen).isIn("localhost", "127.0.0.1");
        List<InetAddress> others = externalAddresses();
        List<String> accepting = others.stream()
                .filter(a -> accepts(a, Integer.parseInt(port)))
                .map(InetAddress::getHostAddress)
                .toList();
        assertThat(accepting)
                .as("the machine's other addresses accepting a connection")
                .isEmpty();
        assertThat(mode).isEqualTo("rw-------");
        assertThat(collector.log()).doesNotContain(password);
        assertThat(processesShowing(password))
                .as("processes whose command line shows the password")
                .isZero();
        row(
                "`psql -h 127.0.0.1 -p <embedded port> -U postgres -c \"COPY ... TO PROGRAM 'id'\"` as any local user",
                "a password is asked (scram-sha-256) and none is known: refused; listens on loopback only; the "
                        + "password file is 0600 and never logged",
                "psql exit %d: \"%s\"; listening on %s (connections to the machine's %d other addresses "
                        + "refused); password file %s, absent from the log and every process's command line",
                exit,
                answer.replace("|", "/").replace("\n", " "),
                listen,
                others.size(),
                mode);
    }

    @Test
    @Order(8)
    void unauthenticatedFlood_overThePerAddressLimit_refusedBeforeTheTokenIsRead() throws Exception {
        // Last: it empties this address's bucket (burst 2,000, 200 a second), which the earlier tests need.
        int threads = 8;
        int callsEach = 1_000;
        Map<Status.Code, Integer> statuses = new ConcurrentHashMap<>();
        Report report =
                ReportFixture.report().group(group).stack("main;A.run", 1L).build();
        long cpuBefore = cpuNanos();
        long rssBefore = rssBytes();
        long started = System.nanoTime();
        try (AgentClient agent = new AgentClient(collector.port())) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < callsEach; i++) {
                        try {
                            agent.anonymous().submitReport(report);
                            statuses.merge(Status.Code.OK, 1, Integer::sum);
                        } catch (StatusRuntimeException e) {
                            statuses.merge(e.getStatus().getCode(), 1, Integer::sum);
                        }
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(5, TimeUnit.MINUTES);
            }
            pool.shutdown();
        }
        int calls = threads * callsEach;
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpuMicros = (cpuNanos() - cpuBefore) / 1e3 / calls;
        long rssGrowth = rssBytes() - rssBefore;
        int limited = statuses.getOrDefault(Status.Code.RESOURCE_EXHAUSTED, 0);
        int unauthenticated = statuses.getOrDefault(Status.Code.UNAUTHENTICATED, 0);

        assertThat(statuses).as("no call of the flood got through").doesNotContainKey(Status.Code.OK);
        assertThat(limited + unauthenticated).isEqualTo(calls);
        assertThat(limited).as("calls refused by the per-address limiter").isPositive();
        assertThat(unauthenticated)
                .as("at most the burst and what refilled during the flood reach the token check")
                .isLessThanOrEqualTo(2_000 + (int) Math.ceil(200 * seconds) + 1);
        row(
                calls + " unauthenticated `SubmitReport` calls from one address (" + threads + " threads, "
                        + String.format(Locale.ROOT, "%.1f", seconds) + " s)",
                "the per-address limiter (200 a second, burst 2,000) refuses the excess with RESOURCE_EXHAUSTED "
                        + "before the token is looked at; the rest UNAUTHENTICATED; nothing stored",
                "%d RESOURCE_EXHAUSTED, %d UNAUTHENTICATED; collector CPU %.0f µs a call (limiter, token check, "
                        + "HTTP/2 and gRPC framing); RSS %+.1f MB",
                limited,
                unauthenticated,
                cpuMicros,
                rssGrowth / (double) MB);
    }

    /** The machine's addresses other than loopback and link-local ones. */
    private static List<InetAddress> externalAddresses() throws IOException {
        List<InetAddress> addresses = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (!address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                    addresses.add(address);
                }
            }
        }
        return addresses;
    }

    private static boolean accepts(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2_000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /** Processes on the machine (as far as /proc lets this user read) whose command line contains {@code secret}. */
    private static long processesShowing(String secret) throws IOException {
        try (var processes = Files.list(Path.of("/proc"))) {
            return processes
                    .filter(p -> p.getFileName().toString().matches("\\d+"))
                    .filter(p -> {
                        try {
                            return new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                                    .contains(secret);
                        } catch (IOException e) {
                            return false; // gone meanwhile, or not ours to read
                        }
                    })
                    .count();
        }
    }

    private Status bombStatus(byte[] bomb, String token) {
        MethodDescriptor<byte[], SubmitReportResponse> method = AgentServiceGrpc.getSubmitReportMethod().toBuilder(
                        new RawMessages.BytesMarshaller(),
                        ProtoUtils.marshaller(SubmitReportResponse.getDefaultInstance()))
                .build();
        Metadata headers = new Metadata();
        if (token != null) {
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        }
        try {
            ClientCalls.blockingUnaryCall(
                    ClientInterceptors.intercept(bombChannel, MetadataUtils.newAttachHeadersInterceptor(headers)),
                    method,
                    CallOptions.DEFAULT.withCompression("gzip").withDeadlineAfter(60, TimeUnit.SECONDS),
                    bomb);
            return Status.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus();
        }
    }

    private long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + collector.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no VmRSS for the collector");
    }

    /** CPU time the collector JVM used so far (user + system, in clock ticks of 10 ms). */
    private long cpuNanos() {
        try {
            String stat = Files.readString(Path.of("/proc/" + collector.pid() + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // Fields 14 and 15 of proc(5), counted from the state field (3) here.
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int readTokenCount() {
        return admin().get("/api/v1/read-tokens")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("")
                .size();
    }

    private RequestSpecification admin() {
        return given().baseUri(collector.baseUrl()).header("Authorization", "Bearer " + adminToken);
    }

    /** The status of one HTTP/1.1 request sent byte for byte as written. */
    private int rawStatus(String verb, String path, String token, String body) throws IOException {
        try (Socket socket = new Socket("localhost", collector.port())) {
            socket.setSoTimeout(30_000);
            StringBuilder request =
                    new StringBuilder(verb + " " + path + " HTTP/1.1\r\nHost: localhost\r\n" + "Connection: close\r\n");
            if (token != null) {
                request.append("Authorization: Bearer ").append(token).append("\r\n");
            }
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            request.append("Content-Type: application/json\r\nContent-Length: ")
                    .append(bytes.length)
                    .append("\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.write(bytes);
            out.flush();
            String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(status.substring(9, 12));
        }
    }

    private static void row(String attack, String expected, String measuredFormat, Object... args) {
        ROWS.add("| " + attack + " | " + expected + " | " + String.format(Locale.ROOT, measuredFormat, args) + " |");
    }
}
