package dev.hotpath.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hotpath.proto.v1.AgentServiceGrpc;
import dev.hotpath.proto.v1.Report;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

class ArrayParsedReportsTest {

    private final ServerServiceDefinition generated = AgentServiceGrpc.bindService(new AgentServiceGrpc.AsyncService() {
    });

    @Test
    void of_generatedDefinition_onlySubmitReportGetsTheArrayMarshaller() {
        ServerServiceDefinition definition = ArrayParsedReports.of(generated);

        assertThat(definition.getServiceDescriptor().getName()).isEqualTo(AgentServiceGrpc.SERVICE_NAME);
        assertThat(definition.getMethods()).hasSize(generated.getMethods().size());
        MethodDescriptor<?, ?> submit = definition
                .getMethod(AgentServiceGrpc.getSubmitReportMethod().getFullMethodName()).getMethodDescriptor();
        assertThat(submit.getRequestMarshaller()).isInstanceOf(ArrayParsedReports.Marshaller.class);
        assertThat(submit.getResponseMarshaller())
                .isSameAs(AgentServiceGrpc.getSubmitReportMethod().getResponseMarshaller());
        ServerMethodDefinition<?, ?> configuration = definition
                .getMethod(AgentServiceGrpc.getGetConfigurationMethod().getFullMethodName());
        assertThat(configuration.getMethodDescriptor())
                .isSameAs(AgentServiceGrpc.getGetConfigurationMethod());
    }

    @Test
    void parse_reportBytes_sameReportAsTheGeneratedMarshaller() {
        Report report = ReportFixture.report().group("g").stack("main;Work.run;Hot.loop", 30L).build();
        ArrayParsedReports.Marshaller marshaller =
                new ArrayParsedReports.Marshaller(AgentServiceGrpc.getSubmitReportMethod().getRequestMarshaller());

        assertThat(marshaller.parse(marshaller.stream(report))).isEqualTo(report);
    }

    @Test
    void parse_malformedBytes_internalNamingTheBadByteSequence() {
        ArrayParsedReports.Marshaller marshaller =
                new ArrayParsedReports.Marshaller(AgentServiceGrpc.getSubmitReportMethod().getRequestMarshaller());

        assertThatThrownBy(() -> marshaller.parse(new ByteArrayInputStream(new byte[] {(byte) 0x0a, (byte) 0xff})))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
                    assertThat(e.getStatus().getDescription()).isEqualTo("Invalid protobuf byte sequence");
                });
    }
}
