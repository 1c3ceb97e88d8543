package dev.hotpath.collector.ingest;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.hotpath.proto.v1.Report;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The agent service's definition with every request read through a cap on its decompressed size. The gRPC server
 * hands a method's marshaller a stream that inflates the message as it is read; reading stops at
 * {@code maxDecompressedBytes}, so a gzip bomb costs at most that much memory and inflation. An oversized request is
 * parsed into its method's marker message, which {@link RequestProblemInterceptor} answers with RESOURCE_EXHAUSTED
 * (an exception thrown here would only be logged by the server, which then answers as if no message had come).
 * Reports are then parsed from one byte array: protobuf's array decoder reads them faster than its stream decoder.
 */
final class BoundedRequests {

    // Marker messages are fresh instances compared by identity: no parsed request can be one of them.
    private static final Set<Object> OVERSIZED =
            Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    private BoundedRequests() {}

    static ServerServiceDefinition of(ServerServiceDefinition generated, int maxDecompressedBytes) {
        ServiceDescriptor descriptor = generated.getServiceDescriptor();
        ServiceDescriptor.Builder service = ServiceDescriptor.newBuilder(descriptor.getName())
                .setSchemaDescriptor(descriptor.getSchemaDescriptor());
        List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
        for (ServerMethodDefinition<?, ?> method : generated.getMethods()) {
            ServerMethodDefinition<?, ?> bound = bounded(method, maxDecompressedBytes);
            service.addMethod(bound.getMethodDescriptor());
            methods.add(bound);
        }
        ServerServiceDefinition.Builder definition = ServerServiceDefinition.builder(service.build());
        methods.forEach(definition::addMethod);
        return definition.build();
    }

    /** Whether {@code message} stands for a request that was over the decompressed-size cap. */
    static boolean isOversized(Object message) {
        return OVERSIZED.contains(message);
    }

    private static <Q, R> ServerMethodDefinition<Q, R> bounded(ServerMethodDefinition<Q, R> method, int cap) {
        MethodDescriptor<Q, R> descriptor = method.getMethodDescriptor();
        return ServerMethodDefinition.create(
                descriptor.toBuilder(
                                new Marshaller<>(descriptor.getRequestMarshaller(), cap),
                                descriptor.getResponseMarshaller())
                        .build(),
                method.getServerCallHandler());
    }

    /** Reads at most {@code cap} bytes, then parses them; writes (never done by the server) as the generated one. */
    static final class Marshaller<T> implements MethodDescriptor.Marshaller<T> {

        private final MethodDescriptor.Marshaller<T> generated;
        private final int cap;
        private final T oversized;
        private final boolean report;

        @SuppressWarnings("unchecked")
        Marshaller(MethodDescriptor.Marshaller<T> generated, int cap) {
            this.generated = generated;
            this.cap = cap;
            T prototype = ((MethodDescriptor.PrototypeMarshaller<T>) generated).getMessagePrototype();
            // build() always makes a new instance: this one is nobody's parsed request.
            this.oversized = (T) ((Message) prototype).toBuilder().build();
            OVERSIZED.add(oversized);
            this.report = prototype instanceof Report;
        }

        @Override
        public InputStream stream(T value) {
            return generated.stream(value);
        }

        @Override
        @SuppressWarnings("unchecked")
        public T parse(InputStream stream) {
            byte[] bytes;
            try {
                bytes = stream.readNBytes(cap + 1);
            } catch (IOException e) {
                // A broken gzip stream ends here.
                throw Status.INTERNAL
                        .withDescription("Could not read the request message")
                        .withCause(e)
                        .asRuntimeException();
            }
            if (bytes.length > cap) {
                return oversized;
            }
            if (!report) {
                return generated.parse(new ByteArrayInputStream(bytes));
            }
            try {
                return (T) Report.parseFrom(bytes);
            } catch (InvalidProtocolBufferException e) {
                throw Status.INTERNAL
                        .withDescription("Invalid protobuf byte sequence")
                        .withCause(e)
                        .asRuntimeException();
            }
        }

        /** The message that stands for an oversized request of this method. */
        T oversized() {
            return oversized;
        }
    }
}
