package dev.hotpath.analyzer.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FramePatternTest {

    @Test
    void matches_nameWithSignatureLineOrAnnotation_matches() {
        FramePattern pattern = FramePattern.of("java.lang.Integer.valueOf");

        assertThat(pattern.matches("java.lang.Integer.valueOf")).isTrue();
        assertThat(pattern.matches("java.lang.Integer.valueOf(I)Ljava/lang/Integer;"))
                .isTrue();
        assertThat(pattern.matches("java.lang.Integer.valueOf:1081")).isTrue();
        assertThat(pattern.matches("java.lang.Integer.valueOf_[j]")).isTrue();
    }

    @Test
    void matches_longerMethodName_doesNotMatch() {
        assertThat(FramePattern.of("java.lang.Integer.valueOf").matches("java.lang.Integer.valueOfCached"))
                .isFalse();
        assertThat(FramePattern.of("java.lang.Integer.valueOf").matches("xjava.lang.Integer.valueOf"))
                .isFalse();
    }

    @Test
    void matches_wildcard_spansAnyCharacters() {
        FramePattern pattern = FramePattern.of("software.amazon.awssdk.services.*ClientBuilder.build");

        assertThat(pattern.matches("software.amazon.awssdk.services.s3.DefaultS3ClientBuilder.build"))
                .isTrue();
        assertThat(pattern.matches("software.amazon.awssdk.services.s3.DefaultS3Client.putObject"))
                .isFalse();
        assertThat(FramePattern.of("G1*").matches("G1ParScanThreadState::trim_queue"))
                .isTrue();
    }

    @Test
    void matches_leadingWildcard_matchesAnyPackage() {
        FramePattern pattern = FramePattern.of("*.doAppend");

        assertThat(pattern.matches("ch.qos.logback.core.UnsynchronizedAppenderBase.doAppend"))
                .isTrue();
        assertThat(pattern.matches("ch.qos.logback.core.UnsynchronizedAppenderBase.doAppendLater"))
                .isFalse();
    }

    @Test
    void of_blank_isRejected() {
        assertThatThrownBy(() -> FramePattern.of(" ")).hasMessageContaining("blank");
    }
}
