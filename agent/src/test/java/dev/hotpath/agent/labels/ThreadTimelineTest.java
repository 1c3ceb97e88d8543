package dev.hotpath.agent.labels;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThreadTimelineTest {
    private final LabelRegistry registry = new LabelRegistry(1 << 20);

    @Test
    void labelAt_atAndAroundEachChange_isTheSetInForceExactly() {
        ThreadTimeline timeline = new ThreadTimeline(Thread.currentThread(), registry);
        timeline.record(100, 5);
        timeline.record(200, 0);
        timeline.record(300, 7);
        assertThat(timeline.labelAt(99)).isEqualTo(LabelRegistry.NONE);
        assertThat(timeline.labelAt(100)).isEqualTo(5); // a change at a sample's exact time applies to it
        assertThat(timeline.labelAt(199)).isEqualTo(5);
        assertThat(timeline.labelAt(200)).isEqualTo(0);
        assertThat(timeline.labelAt(299)).isEqualTo(0);
        assertThat(timeline.labelAt(300)).isEqualTo(7);
        assertThat(timeline.labelAt(Long.MAX_VALUE)).isEqualTo(7);
        assertThat(timeline.current).isEqualTo(7);
    }

    @Test
    void prune_changesUpToTheHorizonGo_laterSamplesStillJoinExactly() {
        ThreadTimeline timeline = new ThreadTimeline(Thread.currentThread(), registry);
        timeline.record(100, 5);
        timeline.record(200, 6);
        timeline.record(300, 7);
        assertThat(timeline.prune(250)).isFalse();
        assertThat(timeline.labelAt(250)).isEqualTo(6);
        assertThat(timeline.labelAt(299)).isEqualTo(6);
        assertThat(timeline.labelAt(300)).isEqualTo(7);
        // Before the kept base's own change: no longer known, never guessed.
        assertThat(timeline.labelAt(199)).isEqualTo(LabelRegistry.UNKNOWN);
        timeline.prune(1000);
        assertThat(timeline.labelAt(1000)).isEqualTo(7);
    }

    @Test
    void record_fullAndNoBudget_oldestChangeIsOverwrittenAndSamplesBeforeItAreUnknown() {
        LabelRegistry noBudget = new LabelRegistry(0);
        ThreadTimeline timeline = new ThreadTimeline(Thread.currentThread(), noBudget);
        for (int i = 0; i < ThreadTimeline.FIRST_CAPACITY + 3; i++) {
            timeline.record(10 * (i + 1), 3 + i);
        }
        assertThat(timeline.capacity()).isEqualTo(ThreadTimeline.FIRST_CAPACITY);
        assertThat(timeline.overwritten()).isEqualTo(3);
        assertThat(timeline.labelAt(29)).isEqualTo(LabelRegistry.UNKNOWN);
        assertThat(timeline.labelAt(30)).isEqualTo(5);
        assertThat(timeline.labelAt(40)).isEqualTo(6);
        assertThat(timeline.labelAt(10 * (ThreadTimeline.FIRST_CAPACITY + 3)))
                .isEqualTo(ThreadTimeline.FIRST_CAPACITY + 5);
    }

    @Test
    void record_fullWithBudget_growsAndCountsItsBytes() {
        ThreadTimeline timeline = new ThreadTimeline(Thread.currentThread(), registry);
        for (int i = 0; i < 100; i++) {
            timeline.record(i, i);
        }
        assertThat(timeline.capacity()).isEqualTo(128);
        assertThat(timeline.overwritten()).isZero();
        assertThat(timeline.labelAt(0)).isEqualTo(0);
        assertThat(timeline.labelAt(99)).isEqualTo(99);
        assertThat(registry.bytes()).isEqualTo((16 + 32 + 64) * (long) ThreadTimeline.ENTRY_BYTES);
    }

    @Test
    void prune_threadEnded_goesOnlyWhenSeenEndedAtAnEarlierPruneAndEmpty() throws Exception {
        Thread ended = new Thread(() -> {});
        ended.start();
        ended.join();
        ThreadTimeline timeline = new ThreadTimeline(ended, registry);
        timeline.record(100, 5);
        // First seen ended: its last samples may still be in the recording the next drain reads.
        assertThat(timeline.prune(50)).isFalse();
        assertThat(timeline.prune(60)).isFalse(); // ended at the last prune, but a change is left to join
        assertThat(timeline.prune(150)).isTrue();

        ThreadTimeline alive = new ThreadTimeline(Thread.currentThread(), registry);
        alive.record(100, 5);
        assertThat(alive.prune(150)).isFalse();
        assertThat(alive.prune(200)).isFalse();
    }
}
