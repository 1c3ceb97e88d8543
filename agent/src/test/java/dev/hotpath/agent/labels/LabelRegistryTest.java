package dev.hotpath.agent.labels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.api.Hotpath;
import dev.hotpath.api.LabelScope;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LabelRegistryTest {
    private final LabelRegistry registry = new LabelRegistry(1 << 20);
    private final long me = Thread.currentThread().getId();

    @AfterEach
    void uninstall() {
        LabelBridge.install(null);
    }

    private static Map<String, String> map(String... pairs) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    @Test
    void enter_nested_mergesOntoTheOuterSetAndRestoreGoesBack() {
        int none = registry.enter(map("tenant", "a"));
        int outer = registry.current(me);
        int previous = registry.enter(map("job", "j", "tenant", "b"));
        int inner = registry.current(me);
        assertThat(none).isEqualTo(LabelRegistry.NONE);
        assertThat(previous).isEqualTo(outer);
        assertThat(registry.pairs(outer)).containsExactly("tenant", "a");
        assertThat(registry.pairs(inner)).containsExactly("job", "j", "tenant", "b");
        registry.restore(previous);
        assertThat(registry.current(me)).isEqualTo(outer);
        registry.restore(none);
        assertThat(registry.current(me)).isEqualTo(LabelRegistry.NONE);
    }

    @Test
    void enter_equalMapAgain_isTheSameSetAndTheCallersMapMayChangeAfterwards() {
        Map<String, String> labels = map("tenant", "a");
        registry.restore(registry.enter(labels));
        int first = registry.labelAt(me, Long.MAX_VALUE);
        labels.put("tenant", "changed");
        registry.enter(map("tenant", "a"));
        assertThat(registry.current(me)).isEqualTo(3);
        assertThat(registry.pairs(registry.current(me))).containsExactly("tenant", "a");
        assertThat(first).isEqualTo(LabelRegistry.NONE);
    }

    @Test
    void enter_manyMapsInOneParent_eachFindsItsOwnSetAgainWhateverTheMapType() {
        int[] ids = new int[100];
        for (int i = 0; i < ids.length; i++) {
            registry.restore(registry.enter(map("tenant", "t" + i, "region", "r")));
            ids[i] = registry.labelAt(me, Long.MAX_VALUE);
        }
        for (int i = 0; i < ids.length; i++) {
            // An immutable JDK map equal to the HashMap first seen is the same set.
            int previous = registry.enter(Map.of("region", "r", "tenant", "t" + i));
            assertThat(registry.pairs(registry.current(me))).containsExactly("region", "r", "tenant", "t" + i);
            registry.restore(previous);
        }
        registry.enter(map("tenant", "t1", "region", null));
        assertThat(registry.pairs(registry.current(me))).containsExactly("tenant", "t1");
    }

    @Test
    void enter_longKeysAndValuesReservedKeysAndNulls_areCutOrLeftOut() {
        Map<String, String> labels = map(
                repeat('k', 100), repeat('v', 500), "thread_state", "x", "label_set", "y", "samples", "z", "ok", null);
        labels.put(null, "n");
        registry.enter(labels);
        String[] pairs = registry.pairs(registry.current(me));
        assertThat(pairs)
                .containsExactly(repeat('k', LabelRegistry.MAX_KEY_CHARS), repeat('v', LabelRegistry.MAX_VALUE_CHARS));
    }

    @Test
    void enter_moreLabelsThanTheCap_keepsTheFirstByKey() {
        Map<String, String> labels = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            labels.put(String.format("k%02d", i), "v");
        }
        registry.enter(labels);
        assertThat(registry.pairs(registry.current(me)))
                .hasSize(2 * LabelRegistry.MAX_LABELS_PER_SET)
                .startsWith("k00", "v");
    }

    @Test
    void enter_pastTheCapOfDistinctSets_isOtherAndCounted() {
        for (int i = 0; i < LabelRegistry.MAX_SETS; i++) {
            registry.restore(registry.enter(Collections.singletonMap("id", Integer.toString(i))));
        }
        registry.enter(Collections.singletonMap("id", "one too many"));
        assertThat(registry.current(me)).isEqualTo(LabelRegistry.OTHER);
        assertThat(registry.pairs(LabelRegistry.OTHER)).containsExactly("label_set", "other");
        assertThat(registry.otherEntries()).isEqualTo(1);
        // Inside other, a nested scope stays other: its merged set cannot be known.
        registry.enter(Collections.singletonMap("id", "0"));
        assertThat(registry.current(me)).isEqualTo(LabelRegistry.OTHER);
        assertThat(registry.bytes()).isPositive();
    }

    @Test
    void labelAt_joinsByThreadAndTime_threadsWithoutScopesHaveNone() throws Exception {
        long before = System.nanoTime();
        int previous = registry.enter(map("tenant", "a"));
        long inside = System.nanoTime();
        registry.restore(previous);
        long after = System.nanoTime();
        AtomicReference<Long> otherThread = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            registry.enter(map("tenant", "b"));
            otherThread.set(Thread.currentThread().getId());
        });
        thread.start();
        thread.join();
        int a = registry.labelAt(me, inside);
        assertThat(registry.pairs(a)).containsExactly("tenant", "a");
        assertThat(registry.labelAt(me, before)).isEqualTo(LabelRegistry.NONE);
        assertThat(registry.labelAt(me, after)).isEqualTo(LabelRegistry.NONE);
        assertThat(registry.pairs(registry.labelAt(otherThread.get(), System.nanoTime())))
                .containsExactly("tenant", "b");
        assertThat(registry.labelAt(-1, inside)).isEqualTo(LabelRegistry.NONE);
    }

    @Test
    void hotpathApi_throughTheBridge_labelsThisThreadAndRestoresOnException() {
        LabelBridge.install(registry);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Hotpath.active() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(Hotpath.active()).isTrue();
        try (LabelScope outer = Hotpath.labels(map("tenant", "a"))) {
            try (LabelScope inner = Hotpath.labels(map("job", "j"))) {
                assertThat(registry.pairs(registry.current(me))).containsExactly("job", "j", "tenant", "a");
            }
            try {
                Hotpath.withLabels(map("job", "k"), (Runnable) () -> {
                    throw new IllegalStateException("boom");
                });
            } catch (IllegalStateException expected) {
                // the application's own exception
            }
            assertThat(registry.pairs(registry.current(me))).containsExactly("tenant", "a");
        }
        assertThat(registry.current(me)).isEqualTo(LabelRegistry.NONE);
    }

    private static String repeat(char c, int n) {
        char[] chars = new char[n];
        java.util.Arrays.fill(chars, c);
        return new String(chars);
    }

    @Test
    void enter_afterTheThreadsThreadLocalsWereErased_keepsItsTimelineAndEarlierChanges() {
        registry.enter(map("endpoint", "a"));
        int first = registry.current(me);
        long between = System.nanoTime();
        // What the common pool's innocuous workers do after each task (Java 25): every thread local goes.
        registry.mine.remove();
        registry.enter(map("endpoint", "b"));
        assertThat(registry.labelAt(me, between)).isEqualTo(first);
        assertThat(registry.pairs(registry.current(me))).containsExactly("endpoint", "b");
    }
}
