package dev.hotpath.analyzer.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hotpath.analyzer.profile.SampleSet;
import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class FoldedStacksReaderTest {

    @Test
    void read_linesWithCommentsAndBlanks_keepsEveryStack() throws IOException {
        SampleSet samples =
                FoldedStacksReader.read(new StringReader("# comment\n\na;b;c 3\nwith space;x 2\n"), "cpu", "samples");

        assertThat(samples.samples()).hasSize(2);
        assertThat(samples.samples().get(0).framesRootFirst()).containsExactly("a", "b", "c");
        assertThat(samples.samples().get(1).framesRootFirst()).containsExactly("with space", "x");
        assertThat(samples.total()).isEqualTo(5);
    }

    @Test
    void read_missingCount_namesTheLine() {
        assertThatThrownBy(() -> FoldedStacksReader.read(new StringReader("a;b 1\na;b\n"), "cpu", "samples"))
                .hasMessageContaining("line 2");
    }

    @Test
    void read_nonNumericCount_namesTheCount() {
        assertThatThrownBy(() -> FoldedStacksReader.read(new StringReader("a;b x1\n"), "cpu", "samples"))
                .hasMessageContaining("'x1'");
    }

    @Test
    void read_emptyFrame_isRejected() {
        assertThatThrownBy(() -> FoldedStacksReader.read(new StringReader("a;;b 1\n"), "cpu", "samples"))
                .hasMessageContaining("empty frame");
    }
}
