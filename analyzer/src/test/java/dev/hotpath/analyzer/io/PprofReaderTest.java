package dev.hotpath.analyzer.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hotpath.analyzer.profile.SampleSet;
import dev.hotpath.proto.v1.Profile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class PprofReaderTest {

    @Test
    void read_gzippedProfile_selectsTheTypeAndReversesToRootFirst() throws IOException {
        byte[] gz = gzip(PprofFixture.profile().toByteArray());

        SampleSet wall = PprofReader.read(new ByteArrayInputStream(gz), "wall");

        assertThat(wall.unit()).isEqualTo("nanoseconds");
        assertThat(wall.durationNanos()).isEqualTo(60_000_000_000L);
        assertThat(wall.samples()).hasSize(2);
        assertThat(wall.samples().get(0).framesRootFirst())
                .containsExactly("java.lang.Thread.run", "com.example.shop.Receipt.line", "java.lang.String.format");
        assertThat(wall.samples().get(0).threadState()).isEqualTo("RUNNABLE");
        assertThat(wall.samples().get(1).threadState()).isEqualTo("WAITING");
        assertThat(wall.total()).isEqualTo(50_000_000L);
    }

    @Test
    void read_plainProfile_readsWithoutGzip() throws IOException {
        SampleSet cpu =
                PprofReader.read(new ByteArrayInputStream(PprofFixture.profile().toByteArray()), "cpu");

        // The WAITING sample has no CPU value and is skipped.
        assertThat(cpu.samples()).hasSize(1);
        assertThat(cpu.total()).isEqualTo(20_000_000L);
    }

    @Test
    void read_inlinedLocation_keepsCallerAboveInlinedCallee() {
        Profile profile = PprofFixture.withInlinedFrame();

        SampleSet cpu = PprofReader.fromProfile(profile, "cpu");

        assertThat(cpu.samples().get(0).framesRootFirst()).containsExactly("outer", "inlinedCaller", "inlinedCallee");
    }

    @Test
    void read_missingType_listsTheTypesTheProfileHas() {
        assertThatThrownBy(() -> PprofReader.fromProfile(PprofFixture.profile(), "alloc"))
                .hasMessageContaining("'alloc'")
                .hasMessageContaining("[cpu, wall]");
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }
}
