package dev.hotpath.analyzer.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileFilesTest {
    @TempDir
    Path dir;

    @Test
    void detect_gzippedAndPlainPprofAndFolded_byContentAndName() throws Exception {
        Path gz = dir.resolve("anything.bin");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            PprofFixture.profile().writeTo(out);
        }
        Path pb = dir.resolve("report.pb");
        Files.write(pb, PprofFixture.profile().toByteArray());
        Path folded = dir.resolve("stacks.txt");
        Files.writeString(folded, "a;b 1\n");

        assertThat(ProfileFiles.detect(gz)).isEqualTo(ProfileFiles.Format.PPROF);
        assertThat(ProfileFiles.detect(pb)).isEqualTo(ProfileFiles.Format.PPROF);
        assertThat(ProfileFiles.detect(folded)).isEqualTo(ProfileFiles.Format.FOLDED);
        assertThat(ProfileFiles.read(gz, "cpu").total()).isEqualTo(20_000_000L);
        assertThat(ProfileFiles.read(pb, "wall").total()).isEqualTo(50_000_000L);
        assertThat(ProfileFiles.read(folded, "cpu").total()).isEqualTo(1);
    }

    @Test
    void detect_missingFile_namesIt() {
        assertThatThrownBy(() -> ProfileFiles.detect(dir.resolve("absent.jfr")))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("absent.jfr");
    }
}
