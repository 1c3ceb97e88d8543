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
    assertThat(classifier.isApplication("com.example.shop.Orders.list(Ljava/lang/String;)V")).isTrue();
    assertThat(classifier.isApplication("java.lang.String.format")).isFalse();
    assertThat(classifier.isApplication("com.fasterxml.jackson.databind.ObjectMapper.<init>")).isFalse();
    assertThat(classifier.isApplication("G1ParScanThreadState::trim_queue")).isFalse();
    assertThat(classifier.isApplication("[unknown]")).isFalse();
    assertThat(classifier.isApplication("/usr/lib/jvm/lib/server/libjvm.so")).isFalse();
    assertThat(classifier.isApplication("__memmove_avx_unaligned")).isFalse();
  }

  @Test
  void isApplication_withPrefixes_acceptsOnlyThosePackages() {
    FrameClassifier classifier = FrameClassifier.forApplication(List.of("com.google.ads."));

    assertThat(classifier.isApplication("com.google.ads.Bidder.bid")).isTrue();
    assertThat(classifier.isApplication("com.example.shop.Orders.list")).isFalse();
  }

  @Test
  void forApplication_blankPrefix_isRejected() {
    assertThatThrownBy(() -> FrameClassifier.forApplication(List.of(""))).hasMessageContaining("blank");
  }
}
