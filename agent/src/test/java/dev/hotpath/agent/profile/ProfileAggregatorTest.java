package dev.hotpath.agent.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.agent.sampler.ProfileType;
import dev.hotpath.agent.sampler.ThreadState;
import dev.hotpath.proto.v1.Profile;
import dev.hotpath.proto.v1.Sample;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProfileAggregatorTest {
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final AtomicLong queued = new AtomicLong();
    private final List<ProfileWindow> early = new ArrayList<>();

    private ProfileAggregator aggregator(int maxDepth, long minimumMillis, long limitBytes) {
        return new ProfileAggregator(
                new ProfileAggregator.Limits(maxDepth, minimumMillis, limitBytes, EnumSet.of(ProfileType.CPU), 10),
                clock::get,
                queued::get,
                early::add);
    }

    private static String[] stack(String... frames) {
        return frames;
    }

    @Test
    void add_sameStackTwice_mergesIntoOneSample() {
        ProfileAggregator aggregator = aggregator(100, 0, Long.MAX_VALUE);
        String[] frames = stack("a.B.leaf", "a.B.main", "unused");

        aggregator.add(ProfileType.CPU, frames, 2, ThreadState.RUNNABLE, 3, 30_000_000);
        aggregator.add(ProfileType.CPU, frames, 2, ThreadState.RUNNABLE, 2, 20_000_000);
        aggregator.add(ProfileType.CPU, frames, 2, ThreadState.BLOCKED, 1, 10_000_000);
        ProfileWindow window = aggregator.cut(clock.get() + 5000);

        Profile profile = window.toProfile("test");
        assertThat(profile.getSampleList()).hasSize(2);
        assertThat(profile.getSample(0).getValue(0)).isEqualTo(50_000_000);
        assertThat(profile.getFunctionList()).hasSize(2);
        assertThat(window.samples()).isEqualTo(6);
        assertThat(profile.getDurationNanos()).isEqualTo(5_000_000_000L);
    }

    @Test
    void add_stackDeeperThanMaxStackDepth_keepsLeafFramesUnderTruncatedRoot() {
        ProfileAggregator aggregator = aggregator(3, 0, Long.MAX_VALUE);

        aggregator.add(ProfileType.CPU, stack("f0", "f1", "f2", "f3"), 4, ThreadState.RUNNABLE, 2, 20);
        aggregator.add(ProfileType.CPU, stack("f0", "f1", "f2"), 3, ThreadState.RUNNABLE, 1, 10);
        ProfileWindow window = aggregator.cut(clock.get());

        Profile profile = window.toProfile("test");
        assertThat(names(profile, profile.getSample(0))).containsExactly("f0", "f1", "f2", "[truncated]");
        assertThat(names(profile, profile.getSample(1))).containsExactly("f0", "f1", "f2");
        assertThat(window.truncatedSamples()).isEqualTo(2);
    }

    @Test
    void add_newStackAtLimitBeforeMinimumTime_isDroppedAndCountedWhileKnownStacksStillCount() {
        ProfileAggregator aggregator = aggregator(100, 10_000, 2_000);
        aggregator.add(ProfileType.CPU, stack("known.A.run"), 1, ThreadState.RUNNABLE, 1, 10);
        long used = aggregator.bufferedBytes();
        int added = 1;
        while (aggregator.bufferedBytes() + used < 2_000 && added < 100) {
            aggregator.add(ProfileType.CPU, stack("filler.F.m" + added++), 1, ThreadState.RUNNABLE, 1, 10);
        }
        clock.addAndGet(9_999);

        aggregator.add(ProfileType.CPU, stack("new.N.run"), 1, ThreadState.RUNNABLE, 4, 40);
        aggregator.add(ProfileType.CPU, stack("known.A.run"), 1, ThreadState.RUNNABLE, 5, 50);
        ProfileWindow window = aggregator.cut(clock.get());

        assertThat(early).isEmpty();
        assertThat(window.memoryLimitDroppedSamples()).isEqualTo(4);
        assertThat(window.bytes()).isLessThanOrEqualTo(2_000);
        assertThat(window.samples()).isEqualTo(1 + (added - 1) + 5);
    }

    @Test
    void add_newStackAtLimitAfterMinimumTime_cutsAnEarlyWindowAndKeepsTheSample() {
        ProfileAggregator aggregator = aggregator(100, 10_000, 2_000);
        long start = clock.get();
        int added = 0;
        while (aggregator.bufferedBytes() < 1_500) {
            aggregator.add(ProfileType.CPU, stack("filler.F.m" + added++), 1, ThreadState.RUNNABLE, 1, 10);
        }
        clock.addAndGet(10_000);

        aggregator.add(ProfileType.CPU, stack("new.N.run", "new.N.main"), 2, ThreadState.RUNNABLE, 4, 40);

        assertThat(early).hasSize(1);
        assertThat(early.get(0).startMillis()).isEqualTo(start);
        assertThat(early.get(0).endMillis()).isEqualTo(clock.get());
        assertThat(early.get(0).samples()).isEqualTo(added);
        assertThat(aggregator.windowStartMillis()).isEqualTo(clock.get());
        assertThat(aggregator.cut(clock.get() + 1).samples()).isEqualTo(4);
    }

    @Test
    void add_queuedReportsFillTheLimit_dropsNewStacks() {
        ProfileAggregator aggregator = aggregator(100, 10_000, 2_000);
        queued.set(2_000);

        aggregator.add(ProfileType.CPU, stack("a.A.run"), 1, ThreadState.RUNNABLE, 3, 30);

        assertThat(aggregator.cut(clock.get()).memoryLimitDroppedSamples()).isEqualTo(3);
    }

    @Test
    void mergeFrom_twoWindows_sumsSharedStacksAndWidensTheWindow() {
        ProfileAggregator aggregator = aggregator(2, 0, Long.MAX_VALUE);
        aggregator.add(ProfileType.CPU, stack("x", "y", "z"), 3, ThreadState.RUNNABLE, 1, 10);
        aggregator.add(ProfileType.CPU, stack("p"), 1, ThreadState.RUNNABLE, 1, 10);
        ProfileWindow first = aggregator.cut(clock.addAndGet(1000));
        aggregator.add(ProfileType.CPU, stack("x", "y", "z"), 3, ThreadState.RUNNABLE, 2, 20);
        aggregator.add(ProfileType.WALL, stack("q"), 1, ThreadState.WAITING, 1, 7);
        ProfileWindow second = aggregator.cut(clock.addAndGet(1000));

        first.mergeFrom(second);

        Profile profile = first.toProfile("merged");
        assertThat(first.samples()).isEqualTo(5);
        assertThat(first.truncatedSamples()).isEqualTo(3);
        assertThat(first.endMillis() - first.startMillis()).isEqualTo(2000);
        assertThat(first.types()).containsExactly(ProfileType.CPU, ProfileType.WALL);
        assertThat(profile.getSampleList()).hasSize(3);
        Sample merged = profile.getSample(0);
        assertThat(names(profile, merged)).containsExactly("x", "y", "[truncated]");
        assertThat(merged.getValueList()).containsExactly(30L, 0L);
    }

    static List<String> names(Profile profile, Sample sample) {
        List<String> names = new ArrayList<>();
        for (long locationId : sample.getLocationIdList()) {
            long functionId =
                    profile.getLocation((int) locationId - 1).getLine(0).getFunctionId();
            names.add(profile.getStringTable(
                    (int) profile.getFunction((int) functionId - 1).getName()));
        }
        return names;
    }
}
