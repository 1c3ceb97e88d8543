package dev.hotpath.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hotpath.proto.v1.AgentServiceGrpc;
import dev.hotpath.proto.v1.ConfigurationRequest;
import dev.hotpath.proto.v1.Report;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class BoundedRequestsTest {

    private static final int CAP = 64 * 1024;

    private final ServerServiceDefinition generated =
            AgentServiceGrpc.bindService(new AgentServiceGrpc.AsyncService() {});

    @Test
    void of_generatedDefinition_everyMethodGetsTheBoundedMarshaller() {
        ServerServiceDefinition definition = BoundedRequests.of(generated, CAP);

        assertThat(definition.getServiceDescriptor().getName()).isEqualTo(AgentServiceGrpc.SERVICE_NAME);
        assertThat(definition.getMethods())
                .hasSize(generated.getMethods().size())
                .allSatisfy(m -> assertThat(m.getMethodDescriptor().getRequestMarshaller())
                        .isInstanceOf(BoundedRequests.Marshaller.class));
        MethodDescriptor<?, ?> submit = definition
                .getMethod(AgentServiceGrpc.getSubmitReportMethod().getFullMethodName())
                .getMethodDescriptor();
        assertThat(submit.getResponseMarshaller())
                .isSameAs(AgentServiceGrpc.getSubmitReportMethod().getResponseMarshaller());
    }

    @Test
    void parse_reportBytes_sameReportAsTheGeneratedMarshaller() {
        Report report = ReportFixture.report()
                .group("g")
                .stack("main;Work.run;Hot.loop", 30L)
                .build();
        BoundedRequests.Marshaller<Report> marshaller = reports(CAP);

        Report parsed = marshaller.parse(marshaller.stream(report));

        assertThat(parsed).isEqualTo(report);
        assertThat(BoundedRequests.isOversized(parsed)).isFalse();
    }

    @Test
    void parse_configurationRequest_sameAsGenerated() {
        BoundedRequests.Marshaller<ConfigurationRequest> marshaller = new BoundedRequests.Marshaller<>(
                AgentServiceGrpc.getGetConfigurationMethod().getRequestMarshaller(), CAP);
        ConfigurationRequest request =
                ConfigurationRequest.newBuilder().setProfilingGroup("g").build();

        assertThat(marshaller.parse(marshaller.stream(request))).isEqualTo(request);
    }

    @Test
    void parse_gzipBombOverTheCap_oversizedMarkerAfterReadingOnlyTheCap() throws IOException {
        // 130 KB of gzip that inflates to 128 MiB, read as the gRPC server hands it over: inflated while read.
        byte[] bomb = RawMessages.gzipOfZeros(1L << 27);
        CountingStream inflated = new CountingStream(new GZIPInputStream(new ByteArrayInputStream(bomb)));

        Report parsed = reports(CAP).parse(inflated);

        assertThat(BoundedRequests.isOversized(parsed)).isTrue();
        assertThat(inflated.read).isLessThanOrEqualTo(CAP + 1 + 8192);
        assertThat(bomb.length).isLessThan(200_000);
    }

    @Test
    void parse_exactlyTheCap_parsed() {
        Report report = ReportFixture.report()
                .group("g")
                .stack("main;Work.run;Hot.loop", 30L)
                .build();
        int size = report.getSerializedSize();

        assertThat(BoundedRequests.isOversized(reports(size).parse(new ByteArrayInputStream(report.toByteArray()))))
                .isFalse();
        assertThat(BoundedRequests.isOversized(reports(size - 1).parse(new ByteArrayInputStream(report.toByteArray()))))
                .isTrue();
    }

    @Test
    void parse_malformedBytes_internalNamingTheBadByteSequence() {
        assertThatThrownBy(() -> reports(CAP).parse(new ByteArrayInputStream(new byte[] {(byte) 0x0a, (byte) 0xff})))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
                    assertThat(e.getStatus().getDescription()).isEqualTo("Invalid protobuf byte sequence");
                });
    }

    private static BoundedRequests.Marshaller<Report> reports(int cap) {
        return new BoundedRequests.Marshaller<>(
                AgentServiceGrpc.getSubmitReportMethod().getRequestMarshaller(), cap);
    }

    /** Counts the bytes read through it. */
    private static final class CountingStream extends InputStream {
        private final InputStream in;
        long read;

        CountingStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                read++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                read += n;
            }
            return n;
        }
    }
}
