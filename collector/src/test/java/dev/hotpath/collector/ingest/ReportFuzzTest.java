package dev.hotpath.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.hotpath.collector.storage.write.ReportRecord;
import dev.hotpath.collector.storage.write.StackSample;
import dev.hotpath.proto.v1.Report;
import java.time.Duration;
import java.time.Instant;

/**
 * Fuzzes the ingest path from wire bytes to a stored form: parse, validate, decode. The only allowed outcomes are a
 * decoded report or a refusal (InvalidProtocolBufferException before the service, InvalidReportException in it).
 * A plain {@code mvn verify} replays the committed corpus in ReportFuzzTestInputs/; JAZZER_FUZZ=1 fuzzes.
 */
class ReportFuzzTest {

    // Fixed, so the committed corpus (made by ReportCorpus with windows just before it) stays in its window.
    static final Instant NOW = Instant.parse("2026-11-27T00:00:00Z");

    private static final ReportValidator VALIDATOR =
            new ReportValidator(new TestLimits(1000, 1000, 64, 10_000, 1000), Duration.ofDays(30));

    @FuzzTest(maxDuration = "5m")
    void parseValidateDecode_anyBytes_decodedOrRefused(byte[] bytes) {
        Report report;
        try {
            report = Report.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            // gRPC's marshaller refuses these before AgentService sees them.
            return;
        }
        try {
            VALIDATOR.validate(report, NOW);
        } catch (InvalidReportException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        ReportRecord decoded = ReportDecoder.decode(1, report);
        for (StackSample sample : decoded.samples()) {
            assertThat(sample.framesRootFirst()).isNotEmpty().doesNotContainNull();
            assertThat(sample.value()).isPositive();
            assertThat(sample.samples()).isNotNegative();
            assertThat(decoded.sampleTypes()).contains(sample.sampleType());
        }
    }
}
