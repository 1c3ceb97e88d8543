package dev.hotpath.collector.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.collector.storage.write.StackSample;
import dev.hotpath.proto.v1.Profile;
import dev.hotpath.proto.v1.Sample;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class PprofExportTest {

    @Test
    void gzipped_twoStacks_roundTripToTheSameFoldedStacks() throws Exception {
        List<StackSample> stacks = List.of(
                new StackSample(new String[] {"main", "A.a", "B.b"}, "wall", "RUNNABLE", 30, 3),
                new StackSample(new String[] {"main", "A.a"}, "wall", "BLOCKED", 10, 1));
        TimeRange range = new TimeRange(Instant.parse("2026-03-01T14:00:00Z"), Instant.parse("2026-03-01T15:00:00Z"));

        Profile profile = Profile.parseFrom(
                new GZIPInputStream(new ByteArrayInputStream(PprofExport.gzipped(stacks, "wall", range))));

        assertThat(profile.getStringTable(0)).isEmpty();
        assertThat(profile.getStringTable((int) profile.getSampleType(0).getType()))
                .isEqualTo("wall");
        assertThat(profile.getStringTable((int) profile.getSampleType(0).getUnit()))
                .isEqualTo("nanoseconds");
        assertThat(profile.getDurationNanos()).isEqualTo(3_600_000_000_000L);
        List<String> folded = new ArrayList<>();
        for (Sample sample : profile.getSampleList()) {
            List<String> frames = new ArrayList<>();
            for (long id : sample.getLocationIdList()) {
                long function = profile.getLocation((int) id - 1).getLine(0).getFunctionId();
                frames.add(0, profile.getStringTable((int)
                        profile.getFunction((int) function - 1).getName()));
            }
            String state = profile.getStringTable((int) sample.getLabel(0).getStr());
            folded.add(String.join(";", frames) + " " + state + " " + sample.getValue(0));
        }
        assertThat(folded).containsExactly("main;A.a;B.b RUNNABLE 30", "main;A.a BLOCKED 10");
    }
}
