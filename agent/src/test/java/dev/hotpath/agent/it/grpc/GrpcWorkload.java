package dev.hotpath.agent.it.grpc;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A grpc-java server (in-process transport, the application's own executor) with no profiler code: three unary
 * methods share one implementation ({@link #spin}, equal work per call), called 5:3:2 (demo.Orders/Get,
 * demo.Orders/List, demo.Search/Find), so the true split is 50/30/20.
 */
public final class GrpcWorkload {
    static volatile long sink;
    static final AtomicLong SERVED = new AtomicLong();

    static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<byte[]>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    static MethodDescriptor<byte[], byte[]> method(String service, String name) {
        return MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(service, name))
                .setRequestMarshaller(BYTES)
                .setResponseMarshaller(BYTES)
                .build();
    }

    static final MethodDescriptor<byte[], byte[]> GET = method("demo.Orders", "Get");
    static final MethodDescriptor<byte[], byte[]> LIST = method("demo.Orders", "List");
    static final MethodDescriptor<byte[], byte[]> FIND = method("demo.Search", "Find");

    public static void main(String[] args) throws Exception {
        int calls = Integer.parseInt(args[0]);
        Path go = Paths.get(args[1]);
        ServerCalls.UnaryMethod<byte[], byte[]> handler = GrpcWorkload::handle;
        ExecutorService executor = Executors.newFixedThreadPool(2);
        Server server = InProcessServerBuilder.forName("workload")
                .executor(executor)
                .addService(ServerServiceDefinition.builder("demo.Orders")
                        .addMethod(GET, ServerCalls.asyncUnaryCall(handler))
                        .addMethod(LIST, ServerCalls.asyncUnaryCall(handler))
                        .build())
                .addService(ServerServiceDefinition.builder("demo.Search")
                        .addMethod(FIND, ServerCalls.asyncUnaryCall(handler))
                        .build())
                .build()
                .start();
        ManagedChannel channel = InProcessChannelBuilder.forName("workload").build();
        System.out.println("workload started");
        for (int i = 0; i < 6000 && !Files.exists(go); i++) {
            Thread.sleep(10);
        }
        Thread[] clients = new Thread[2];
        for (int c = 0; c < clients.length; c++) {
            int client = c;
            clients[c] = new Thread(
                    () -> {
                        for (int i = 0; i < calls / 2; i++) {
                            int slot = (i + client * 5) % 10;
                            MethodDescriptor<byte[], byte[]> method = slot < 5 ? GET : slot < 8 ? LIST : FIND;
                            ClientCalls.blockingUnaryCall(channel, method, CallOptions.DEFAULT, new byte[] {1});
                        }
                    },
                    "client-" + c);
            clients[c].start();
        }
        for (Thread client : clients) {
            client.join();
        }
        System.out.println("workload done: " + SERVED.get() + " calls served");
        channel.shutdownNow();
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        executor.shutdownNow();
    }

    static void handle(byte[] request, StreamObserver<byte[]> response) {
        spin(3_000_000);
        SERVED.incrementAndGet();
        response.onNext(request);
        response.onCompleted();
    }

    // Counted, not time-boxed; xorshift, which no JIT shortcuts.
    static void spin(long iterations) {
        long x = sink;
        for (long i = 0; i < iterations; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            x += i;
        }
        sink = x;
    }
}
