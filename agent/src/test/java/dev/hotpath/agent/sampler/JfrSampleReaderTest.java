package dev.hotpath.agent.sampler;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Errors of the JFR reader name the recording. */
class JfrSampleReaderTest {
    @TempDir
    Path tmp;

    @Test
    void read_notARecording_rejectedNamingTheFile() throws IOException {
        Path file = tmp.resolve("recording-1.jfr");
        Files.write(
                file,
                "not a flight recording, just some bytes to be long enough to hold a header"
                        .repeat(2)
                        .getBytes(StandardCharsets.UTF_8));
        JfrSampleReader reader = new JfrSampleReader(new SamplerSettings(EnumSet.of(ProfileType.CPU), 10, 10), 1);

        assertThatThrownBy(() -> reader.read(file.toString(), new CollectingSink()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot read async-profiler recording " + file);
    }
}
