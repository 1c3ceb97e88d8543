package dev.hotpath.agent.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.TextFormat;
import dev.hotpath.proto.v1.InstanceIdentity;
import dev.hotpath.proto.v1.Profile;
import dev.hotpath.proto.v1.Report;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalOutputTest {

    @Test
    void write_report_leavesGzippedProfileAndTextMetadataThatReadBack(@TempDir Path dir) throws Exception {
        Report report = Reports.report(5000, "a.A.x", "a.A.y")
                .toReport("g", InstanceIdentity.newBuilder().setPid(3).build());

        new LocalOutput(dir.resolve("out")).write(report);

        String base = "hotpath-5000-" + report.getReportId();
        try (InputStream in =
                new GZIPInputStream(Files.newInputStream(dir.resolve("out").resolve(base + ".pb.gz")))) {
            assertThat(Profile.parseFrom(in)).isEqualTo(report.getProfile());
        }
        Report.Builder metadata = Report.newBuilder();
        TextFormat.merge(
                new String(Files.readAllBytes(dir.resolve("out").resolve(base + ".txtpb")), StandardCharsets.UTF_8),
                metadata);
        assertThat(metadata.build()).isEqualTo(report.toBuilder().clearProfile().build());
        try (java.util.stream.Stream<Path> files = Files.list(dir.resolve("out"))) {
            assertThat(files).hasSize(2);
        }
    }
}
