package dev.hotpath.analyzer.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FrameClassifierTest {

    @Test
    void isApplication_byLibraryList_separatesAppFromLibraryAndNative() {
        FrameClassifier classifier = FrameClassifier.byLibraryList();

        assertThat(classifier.isApplication("com.example.shop.Orders.list")).isTrue();
        assertThat(classifier.isApplication("com.example.shop.Orders.list(Ljava/lang/String;)V"))
                .isTrue();
        assertThat(classifier.isApplication("java.lang.String.format")).isFalse();
        assertThat(classifier.isApplication("com.fasterxml.jackson.databind.ObjectMapper.<init>"))
                .isFalse();
        assertThat(classifier.isApplication("G1ParScanThreadState::trim_queue")).isFalse();
        assertThat(classifier.isApplication("[unknown]")).isFalse();
        assertThat(classifier.isApplication("/usr/lib/jvm/lib/server/libjvm.so"))
                .isFalse();
        assertThat(classifier.isApplication("__memmove_avx_unaligned")).isFalse();
    }

    @Test
    void isApplication_withPrefixes_acceptsOnlyThosePackages() {
        FrameClassifier classifier = FrameClassifier.forApplication(List.of("com.google.ads."));

        assertThat(classifier.isApplication("com.google.ads.Bidder.bid")).isTrue();
        assertThat(classifier.isApplication("com.example.shop.Orders.list")).isFalse();
    }

    @Test
    void kind_byLibraryList_namesEachKindOfCode() {
        FrameClassifier classifier = FrameClassifier.byLibraryList();

        assertThat(classifier.kind("com.example.shop.Orders.list")).isEqualTo(FrameKind.APPLICATION);
        assertThat(classifier.kind("io.netty.channel.nio.NioEventLoop.run")).isEqualTo(FrameKind.LIBRARY);
        assertThat(classifier.kind("jakarta.ws.rs.core.Response.ok")).isEqualTo(FrameKind.LIBRARY);
        assertThat(classifier.kind("java.util.regex.Pattern.compile")).isEqualTo(FrameKind.JDK);
        assertThat(classifier.kind("sun.nio.ch.EPoll.wait")).isEqualTo(FrameKind.JDK);
        assertThat(classifier.kind("CompileBroker::compiler_thread_loop()")).isEqualTo(FrameKind.NATIVE);
        assertThat(classifier.kind("thread_native_entry(Thread*)")).isEqualTo(FrameKind.NATIVE);
        assertThat(classifier.kind("do_syscall_64_[k]")).isEqualTo(FrameKind.NATIVE);
        assertThat(classifier.kind("[root]")).isEqualTo(FrameKind.SYNTHETIC);
        assertThat(classifier.kind("[truncated]")).isEqualTo(FrameKind.SYNTHETIC);
        assertThat(FrameKind.JDK.label()).isEqualTo("jdk");
    }

    @Test
    void kind_withPrefixes_otherJavaIsLibraryButTheJdkStaysJdk() {
        FrameClassifier classifier = FrameClassifier.forApplication(List.of("com.google.ads."));

        assertThat(classifier.kind("com.google.ads.Bidder.bid")).isEqualTo(FrameKind.APPLICATION);
        assertThat(classifier.kind("com.example.shop.Orders.list")).isEqualTo(FrameKind.LIBRARY);
        assertThat(classifier.kind("java.lang.String.format")).isEqualTo(FrameKind.JDK);
    }

    @Test
    void forApplication_blankPrefix_isRejected() {
        assertThatThrownBy(() -> FrameClassifier.forApplication(List.of(""))).hasMessageContaining("blank");
    }
}
