package dev.hotpath.collector.ingest;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.hotpath.proto.v1.AgentServiceGrpc;
import dev.hotpath.proto.v1.Report;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent service's definition with each report read into one byte array before it is parsed. The gRPC server
 * hands the generated marshaller a stream of the gzip-decompressed message, which protobuf parses with its stream
 * decoder, one bounds-checked refill at a time; its array decoder reads the same message faster (a report of 2,000
 * stacks is ~250 KB). Errors are those of the generated marshaller: INTERNAL naming the bad bytes.
 */
final class ArrayParsedReports {

    private ArrayParsedReports() {
    }

    static ServerServiceDefinition of(ServerServiceDefinition generated) {
        String submitReport = AgentServiceGrpc.getSubmitReportMethod().getFullMethodName();
        ServiceDescriptor descriptor = generated.getServiceDescriptor();
        ServiceDescriptor.Builder service = ServiceDescriptor.newBuilder(descriptor.getName())
                .setSchemaDescriptor(descriptor.getSchemaDescriptor());
        List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
        for (ServerMethodDefinition<?, ?> method : generated.getMethods()) {
            ServerMethodDefinition<?, ?> bound = method.getMethodDescriptor().getFullMethodName().equals(submitReport)
                    ? withArrayParsing(method) : method;
            service.addMethod(bound.getMethodDescriptor());
            methods.add(bound);
        }
        ServerServiceDefinition.Builder definition = ServerServiceDefinition.builder(service.build());
        methods.forEach(definition::addMethod);
        return definition.build();
    }

    @SuppressWarnings("unchecked")
    private static <R> ServerMethodDefinition<Report, R> withArrayParsing(ServerMethodDefinition<?, ?> generated) {
        ServerMethodDefinition<Report, R> method = (ServerMethodDefinition<Report, R>) generated;
        MethodDescriptor<Report, R> descriptor = method.getMethodDescriptor();
        return ServerMethodDefinition.create(
                descriptor.toBuilder(new Marshaller(descriptor.getRequestMarshaller()),
                        descriptor.getResponseMarshaller()).build(),
                method.getServerCallHandler());
    }

    /** Parses from the message's bytes; writes (never done by the server for a request) as the generated one. */
    static final class Marshaller implements MethodDescriptor.Marshaller<Report> {

        private final MethodDescriptor.Marshaller<Report> generated;

        Marshaller(MethodDescriptor.Marshaller<Report> generated) {
            this.generated = generated;
        }

        @Override
        public InputStream stream(Report value) {
            return generated.stream(value);
        }

        @Override
        public Report parse(InputStream stream) {
            try {
                return Report.parseFrom(stream.readAllBytes());
            } catch (InvalidProtocolBufferException e) {
                throw Status.INTERNAL.withDescription("Invalid protobuf byte sequence").withCause(e)
                        .asRuntimeException();
            } catch (IOException e) {
                throw Status.INTERNAL.withDescription("Could not read the request message").withCause(e)
                        .asRuntimeException();
            }
        }
    }
}
