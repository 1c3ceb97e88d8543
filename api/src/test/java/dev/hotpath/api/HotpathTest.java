package dev.hotpath.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hotpath.agent.labels.LabelBridge;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HotpathTest {
    private static final Map<String, String> A = Collections.singletonMap("tenant", "a");
    private static final Map<String, String> B = Collections.singletonMap("job", "b");

    private final LabelBridge.Fake fake = new LabelBridge.Fake();

    @AfterEach
    void uninstall() {
        LabelBridge.install(null);
        Hotpath.reset();
    }

    private void install() {
        LabelBridge.install(fake);
        Hotpath.reset();
    }

    @Test
    void labels_noHookInstalled_isANoOpScopeAndRunsTheTask() throws Exception {
        Hotpath.reset();
        assertThat(Hotpath.active()).isFalse();
        assertThat(Hotpath.labels(A).active()).isFalse();
        AtomicInteger runs = new AtomicInteger();
        Hotpath.withLabels(A, runs::incrementAndGet);
        assertThat(Hotpath.withLabels(A, () -> "result")).isEqualTo("result");
        assertThat(runs).hasValue(1);
        assertThat(fake.entered).isEmpty();
    }

    @Test
    void labels_hookInstalledLater_isFoundByALaterCall() {
        Hotpath.reset();
        LabelBridge.install(fake);
        // Look-ups back off from 1 ms; a bounded number of calls over a few ms must find it.
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!Hotpath.active() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(Hotpath.active()).isTrue();
    }

    @Test
    void labels_agentWithLabelsOff_isANoOpScope() {
        LabelBridge.install(Boolean.FALSE);
        Hotpath.reset();
        for (int i = 0; i < 1000; i++) {
            assertThat(Hotpath.labels(A).active()).isFalse();
        }
        assertThat(Hotpath.active()).isFalse();
    }

    @Test
    void labels_nested_eachCloseRestoresTheStateItOpenedOn() {
        install();
        try (LabelScope outer = Hotpath.labels(A)) {
            assertThat(fake.current.get()).isEqualTo(1);
            try (LabelScope inner = Hotpath.labels(B)) {
                assertThat(fake.current.get()).isEqualTo(2);
            }
            assertThat(fake.current.get()).isEqualTo(1);
        }
        assertThat(fake.current.get()).isZero();
        assertThat(fake.entered).containsExactly(A, B);
    }

    @Test
    void withLabels_taskThrows_exceptionReachesTheCallerAndLabelsAreRestored() {
        install();
        assertThatThrownBy(() -> Hotpath.withLabels(A, (Runnable) () -> {
                    assertThat(fake.current.get()).isEqualTo(1);
                    throw new IllegalArgumentException("boom");
                }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("boom");
        assertThat(fake.current.get()).isZero();
        assertThatThrownBy(() -> Hotpath.withLabels(A, () -> {
                    throw new java.io.IOException("io");
                }))
                .isInstanceOf(java.io.IOException.class);
        assertThat(fake.current.get()).isZero();
    }

    @Test
    void close_twiceOrOnAnotherThread_restoresOnceAndOnlyOnTheOwner() throws Exception {
        install();
        LabelScope outer = Hotpath.labels(A);
        LabelScope inner = Hotpath.labels(B);
        Thread other = new Thread(inner::close);
        other.start();
        other.join();
        assertThat(fake.current.get()).isEqualTo(2);
        inner.close();
        assertThat(fake.current.get()).isEqualTo(1);
        fake.current.set(7);
        inner.close();
        assertThat(fake.current.get()).isEqualTo(7);
        outer.close();
        assertThat(fake.current.get()).isZero();
    }

    @Test
    void labels_repeatedAtOneDepth_reusesTheScopeObjectAndStillRestores() {
        install();
        LabelScope first;
        try (LabelScope scope = Hotpath.labels(A)) {
            first = scope;
            assertThat(scope.active()).isTrue();
        }
        assertThat(first.active()).isFalse();
        try (LabelScope scope = Hotpath.labels(B)) {
            assertThat(scope).isSameAs(first);
            assertThat(fake.current.get()).isEqualTo(2);
        }
        assertThat(fake.current.get()).isZero();
    }

    @Test
    void labels_nestedDeeperThanThePool_restoresEveryLevel() {
        install();
        LabelScope[] scopes = new LabelScope[100];
        for (int i = 0; i < scopes.length; i++) {
            scopes[i] = Hotpath.labels(A);
            assertThat(fake.current.get()).isEqualTo(i + 1);
        }
        for (int i = scopes.length - 1; i >= 0; i--) {
            scopes[i].close();
            assertThat(fake.current.get()).isEqualTo(i);
        }
    }

    @Test
    void labels_hookThrows_callerSeesNoException() throws Exception {
        install();
        fake.failEnter = true;
        assertThat(Hotpath.labels(A).active()).isFalse();
        fake.failEnter = false;
        fake.failRestore = true;
        LabelScope scope = Hotpath.labels(A);
        scope.close();
        assertThat(Hotpath.withLabels(A, () -> 42)).isEqualTo(42);
    }

    @Test
    void labels_nullOrEmptyMap_changesNothing() {
        install();
        assertThat(Hotpath.labels(null).active()).isFalse();
        assertThat(Hotpath.labels(Collections.emptyMap()).active()).isFalse();
        assertThat(fake.entered).isEmpty();
    }
}
