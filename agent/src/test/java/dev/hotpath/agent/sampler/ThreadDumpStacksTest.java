package dev.hotpath.agent.sampler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Merging and bounding of thread-dump stacks. */
class ThreadDumpStacksTest {

    @Test
    void add_sameStackTwice_mergedIntoOneWithSummedValues() {
        ThreadDumpStacks stacks = new ThreadDumpStacks(10);
        stacks.add(ProfileType.WALL, new String[] {"a.B.leaf", "a.B.root"}, ThreadState.WAITING, 10);
        stacks.add(ProfileType.WALL, new String[] {"a.B.leaf", "a.B.root"}, ThreadState.WAITING, 10);
        CollectingSink sink = new CollectingSink();
        stacks.drainTo(sink);

        assertThat(sink.entries).singleElement().satisfies(e -> {
            assertThat(e.frames).containsExactly("a.B.leaf", "a.B.root");
            assertThat(e.samples).isEqualTo(2);
            assertThat(e.value).isEqualTo(20);
        });
    }

    @Test
    void add_sameFramesOtherTypeOrState_keptApart() {
        ThreadDumpStacks stacks = new ThreadDumpStacks(10);
        String[] frames = {"a.B.leaf"};
        stacks.add(ProfileType.WALL, frames, ThreadState.RUNNABLE, 1);
        stacks.add(ProfileType.CPU, frames, ThreadState.RUNNABLE, 1);
        stacks.add(ProfileType.WALL, frames, ThreadState.NATIVE, 1);
        CollectingSink sink = new CollectingSink();
        stacks.drainTo(sink);

        assertThat(sink.entries).hasSize(3);
    }

    @Test
    void add_beyondCapacity_newStacksDroppedAndCounted() {
        ThreadDumpStacks stacks = new ThreadDumpStacks(2);
        stacks.add(ProfileType.CPU, new String[] {"a"}, ThreadState.RUNNABLE, 1);
        stacks.add(ProfileType.CPU, new String[] {"b"}, ThreadState.RUNNABLE, 1);
        stacks.add(ProfileType.CPU, new String[] {"c"}, ThreadState.RUNNABLE, 1);
        stacks.add(ProfileType.CPU, new String[] {"a"}, ThreadState.RUNNABLE, 1);
        CollectingSink sink = new CollectingSink();
        stacks.drainTo(sink);

        assertThat(stacks.dropped()).isEqualTo(1);
        assertThat(sink.sum(ProfileType.CPU, e -> true, false)).isEqualTo(3);
    }
}
