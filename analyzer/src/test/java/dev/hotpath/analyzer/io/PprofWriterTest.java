package dev.hotpath.analyzer.io;

import static dev.hotpath.analyzer.Folded.tree;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.analyzer.Folded;
import dev.hotpath.analyzer.profile.ThreadStateView;
import dev.hotpath.analyzer.tree.CallTree;
import dev.hotpath.proto.v1.Profile;
import java.io.ByteArrayInputStream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class PprofWriterTest {

    @Test
    void toProfile_thenRead_reconstructsTheTree() throws Exception {
        CallTree tree = tree("main;a;b 4", "main;a 1", "main;c;b 7", "gc 2");

        Profile profile = PprofWriter.toProfile(tree, "cpu", "nanoseconds", 5L, 60_000_000_000L);
        Profile decoded = Profile.parseFrom(profile.toByteArray());

        assertThat(decoded.getStringTable(0)).isEmpty();
        assertThat(decoded.getFunctionCount()).isEqualTo(5);
        CallTree back = PprofReader.fromProfile(decoded, "cpu").tree(ThreadStateView.ALL);
        assertThat(Folded.lines(back)).isEqualTo(Folded.lines(tree));
        assertThat(PprofReader.fromProfile(decoded, "cpu").durationNanos()).isEqualTo(60_000_000_000L);
    }

    @Test
    void add_withThreadStates_readerFiltersByTheLabel() throws Exception {
        Profile profile = new PprofWriter("cpu", "nanoseconds", 0L, 1_000L)
                .add(new String[] {"main", "work"}, 30, "RUNNABLE")
                .add(new String[] {"main", "idle"}, 70, "WAITING")
                .build();

        Profile decoded = Profile.parseFrom(
                new GZIPInputStream(new ByteArrayInputStream(PprofWriter.gzipped(profile))).readAllBytes());
        CallTree cpu = PprofReader.fromProfile(decoded, "cpu").tree(ThreadStateView.CPU);

        assertThat(Folded.lines(cpu)).containsExactly("main;work 30");
        assertThat(PprofReader.fromProfile(decoded, "cpu")
                        .tree(ThreadStateView.ALL)
                        .total())
                .isEqualTo(100);
    }
}
