package dev.hotpath.collector.ingest;

import static dev.hotpath.collector.ingest.ReportFixture.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.hotpath.collector.storage.ReportRecord;
import dev.hotpath.collector.storage.StackSample;
import dev.hotpath.proto.v1.Label;
import dev.hotpath.proto.v1.Line;
import dev.hotpath.proto.v1.Report;
import org.junit.jupiter.api.Test;

class ReportDecoderTest {

    @Test
    void decode_leafFirstLocations_framesRootFirstWithStateTypeAndCount() {
        Report report = report().host("h1").stack("main;A.a;B.b", 30_000_000L, "BLOCKED").build();

        ReportRecord decoded = ReportDecoder.decode(7, report);

        assertThat(decoded.groupId()).isEqualTo(7);
        assertThat(decoded.instance().host()).isEqualTo("h1");
        assertThat(decoded.engine()).isEqualTo("ASYNC_PROFILER_ITIMER");
        assertThat(decoded.sampleTypes()).containsExactly("cpu");
        assertThat(decoded.samples()).extracting(s -> String.join(";", s.framesRootFirst()), StackSample::sampleType,
                StackSample::threadState, StackSample::value, StackSample::samples)
                .containsExactly(tuple("main;A.a;B.b", "cpu", "BLOCKED", 30_000_000L, 3L));
    }

    @Test
    void decode_noThreadStateLabel_unknownState() {
        Report.Builder report = report().stack("main;X.x", 5).build().toBuilder();
        var profile = report.getProfile().toBuilder();
        profile.setSample(0, profile.getSample(0).toBuilder().clearLabel()
                .addLabel(Label.newBuilder().setKey(0)));
        report.setProfile(profile);

        assertThat(ReportDecoder.decode(1, report.build()).samples()).extracting(StackSample::threadState)
                .containsExactly("UNKNOWN");
    }

    @Test
    void decode_inlinedLinesInOneLocation_expandedInnermostAsLeaf() {
        Report.Builder report = report().stack("main;Outer.run", 5).build().toBuilder();
        var profile = report.getProfile().toBuilder();
        // Location of the leaf "Outer.run" gets an inlined callee "main" listed first (innermost).
        long leafLocation = profile.getSample(0).getLocationId(0);
        int index = (int) leafLocation - 1;
        long mainFunction = profile.getLocation((int) profile.getSample(0).getLocationId(1) - 1).getLine(0)
                .getFunctionId();
        var location = profile.getLocation(index).toBuilder();
        Line outer = location.getLine(0);
        location.clearLine().addLine(Line.newBuilder().setFunctionId(mainFunction)).addLine(outer);
        profile.setLocation(index, location);
        report.setProfile(profile);

        assertThat(ReportDecoder.decode(1, report.build()).samples().get(0).framesRootFirst())
                .containsExactly("main", "Outer.run", "main");
    }
}
