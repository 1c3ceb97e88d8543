package dev.hotpath.agent.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.agent.labels.LabelRegistry;
import dev.hotpath.agent.sampler.ProfileType;
import dev.hotpath.agent.sampler.ThreadState;
import dev.hotpath.proto.v1.Label;
import dev.hotpath.proto.v1.Profile;
import dev.hotpath.proto.v1.Sample;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProfileLabelsTest {
    private static final String[] FRAMES = {"a.B.leaf", "a.B.main"};
    private static final String[] NONE = {};
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final AtomicLong other = new AtomicLong();
    private final List<ProfileWindow> early = new ArrayList<>();

    private ProfileAggregator aggregator(int maxLabelSets, long limitBytes) {
        return new ProfileAggregator(
                new ProfileAggregator.Limits(
                        100, 0, limitBytes, EnumSet.of(ProfileType.CPU, ProfileType.WALL), 10, maxLabelSets),
                clock::get,
                other::get,
                early::add);
    }

    /** Each sample's own labels (not thread_state, samples) as "k=v,k=v", with its first value. */
    private static Map<String, Long> byLabels(Profile profile) {
        Map<String, Long> totals = new LinkedHashMap<>();
        for (Sample sample : profile.getSampleList()) {
            StringBuilder labels = new StringBuilder();
            for (Label label : sample.getLabelList()) {
                String key = profile.getStringTable((int) label.getKey());
                if (!key.equals("thread_state") && !key.equals("samples")) {
                    labels.append(labels.length() == 0 ? "" : ",")
                            .append(key)
                            .append('=')
                            .append(profile.getStringTable((int) label.getStr()));
                }
            }
            totals.merge(labels.toString(), sample.getValue(0), Long::sum);
        }
        return totals;
    }

    @Test
    void add_sameStackUnderTwoLabelSets_staysTwoSamplesEachWithItsLabels() {
        ProfileAggregator aggregator = aggregator(10, Long.MAX_VALUE);
        aggregator.add(ProfileType.CPU, FRAMES, 2, ThreadState.RUNNABLE, new String[] {"tenant", "a"}, 7, 70);
        aggregator.add(ProfileType.CPU, FRAMES, 2, ThreadState.RUNNABLE, new String[] {"tenant", "b"}, 3, 30);
        aggregator.add(ProfileType.CPU, FRAMES, 2, ThreadState.RUNNABLE, new String[] {"tenant", "a"}, 1, 10);
        aggregator.add(ProfileType.CPU, FRAMES, 2, ThreadState.RUNNABLE, NONE, 2, 20);
        aggregator.add(ProfileType.WALL, FRAMES, 2, ThreadState.RUNNABLE, new String[] {"tenant", "b"}, 4, 40);

        ProfileWindow window = aggregator.cut(clock.get() + 1000);
        Profile profile = window.toProfile("test");

        assertThat(profile.getSampleList()).hasSize(3);
        assertThat(byLabels(profile))
                .containsEntry("tenant=a", 80L)
                .containsEntry("tenant=b", 30L)
                .containsEntry("", 20L);
        assertThat(window.samples()).isEqualTo(17);
        assertThat(window.labelOverflowSamples()).isZero();
    }

    @Test
    void add_moreLabelSetsThanTheCap_foldsTheRestIntoOtherAndCountsThem() {
        ProfileAggregator aggregator = aggregator(2, Long.MAX_VALUE);
        for (int i = 0; i < 5; i++) {
            aggregator.add(ProfileType.CPU, FRAMES, 2, ThreadState.RUNNABLE, new String[] {"job", "j" + i}, i + 1, 10);
        }
        // A set already in the window keeps its own labels after the cap is reached; samples outside scopes too.
        aggregator.add(ProfileType.CPU, FRAMES, 2, ThreadState.RUNNABLE, new String[] {"job", "j0"}, 1, 10);
        aggregator.add(ProfileType.CPU, FRAMES, 2, ThreadState.RUNNABLE, NONE, 1, 10);

        ProfileWindow window = aggregator.cut(clock.get() + 1000);
        Profile profile = window.toProfile("test");

        assertThat(byLabels(profile))
                .containsOnlyKeys("job=j0", "job=j1", "label_set=other", "")
                .containsEntry("label_set=other", 30L);
        assertThat(window.labelOverflowSamples()).isEqualTo(3 + 4 + 5);
        assertThat(window.samples()).isEqualTo(1 + 2 + 3 + 4 + 5 + 1 + 1);
        assertThat(profile.getCommentList().stream().map(i -> profile.getStringTable((int) (long) i)))
                .anyMatch(c -> c.contains("12 samples") && c.contains("label_set=other"));
    }

    @Test
    void add_labelSets_countAgainstTheMemoryLimit() {
        ProfileAggregator plain = aggregator(10, Long.MAX_VALUE);
        plain.add(ProfileType.CPU, FRAMES, 2, ThreadState.RUNNABLE, NONE, 1, 10);
        ProfileAggregator labelled = aggregator(10, Long.MAX_VALUE);
        labelled.add(ProfileType.CPU, FRAMES, 2, ThreadState.RUNNABLE, new String[] {"tenant", "a"}, 1, 10);
        assertThat(labelled.bufferedBytes() - plain.bufferedBytes())
                .isEqualTo(MergedStacks.costOfLabelSet(new String[] {"tenant", "a"}));
    }

    @Test
    void mergeFrom_windowsWithLabels_keepsEachSampleUnderItsSet() {
        ProfileAggregator aggregator = aggregator(10, Long.MAX_VALUE);
        aggregator.add(ProfileType.CPU, FRAMES, 2, ThreadState.RUNNABLE, new String[] {"tenant", "a"}, 1, 10);
        ProfileWindow first = aggregator.cut(clock.get() + 1000);
        aggregator.add(ProfileType.CPU, FRAMES, 2, ThreadState.RUNNABLE, new String[] {"tenant", "b"}, 1, 20);
        aggregator.add(ProfileType.CPU, FRAMES, 2, ThreadState.RUNNABLE, LabelRegistry.UNKNOWN_PAIRS, 1, 40);
        aggregator.add(ProfileType.CPU, FRAMES, 2, ThreadState.RUNNABLE, new String[] {"tenant", "a"}, 1, 5);
        ProfileWindow second = aggregator.cut(clock.get() + 2000);
        first.mergeFrom(second);
        assertThat(byLabels(first.toProfile("test")))
                .containsOnly(
                        Map.entry("tenant=a", 15L), Map.entry("tenant=b", 20L), Map.entry("label_set=unknown", 40L));
    }
}
