package dev.hotpath.analyzer.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ThreadStateViewTest {
    private static final String[] WORK = {"java.lang.Thread.run", "com.example.Work.run"};
    private static final String[] POOL_IDLE = {
        "java.lang.Thread.run",
        "java.util.concurrent.ThreadPoolExecutor.getTask",
        "java.util.concurrent.LinkedBlockingQueue.take",
        "jdk.internal.misc.Unsafe.park"
    };

    private static final SampleSet SAMPLES = new SampleSet(
            "wall",
            "samples",
            0,
            List.of(
                    new StackSample(WORK, "RUNNABLE", 10),
                    new StackSample(WORK, "BLOCKED", 4),
                    new StackSample(WORK, "NATIVE", 3),
                    new StackSample(WORK, "WAITING", 7),
                    new StackSample(POOL_IDLE, "WAITING", 50),
                    new StackSample(WORK, "TIMED_WAITING", 2)));

    @Test
    void cpu_mixedStates_countsRunnableBlockedAndNative() {
        assertThat(SAMPLES.tree(ThreadStateView.CPU).total()).isEqualTo(17);
    }

    @Test
    void latency_idlePoolWorker_isLeftOutButOtherWaitsCount() {
        assertThat(SAMPLES.tree(ThreadStateView.LATENCY).total()).isEqualTo(26);
        assertThat(SAMPLES.tree(ThreadStateView.ALL).total()).isEqualTo(76);
    }

    @Test
    void parse_customStates_countsExactlyThose() {
        ThreadStateView view = ThreadStateView.parse("waiting+timed_waiting");

        assertThat(view.states()).containsExactlyInAnyOrder("WAITING", "TIMED_WAITING");
        assertThat(SAMPLES.tree(view).total()).isEqualTo(59);
    }

    @Test
    void parse_unknownState_isRejectedNamingIt() {
        assertThatThrownBy(() -> ThreadStateView.parse("RUNNABLE+SLEEPY")).hasMessageContaining("SLEEPY");
    }
}
