package dev.hotpath.agent.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.agent.sampler.ProfileType;
import dev.hotpath.agent.sampler.ThreadState;
import dev.hotpath.proto.v1.Function;
import dev.hotpath.proto.v1.Label;
import dev.hotpath.proto.v1.Location;
import dev.hotpath.proto.v1.Profile;
import dev.hotpath.proto.v1.Sample;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PprofEncoderTest {

    private static Profile encodeTwoTypes() {
        ProfileAggregator aggregator = new ProfileAggregator(
                new ProfileAggregator.Limits(10, 0, Long.MAX_VALUE, EnumSet.of(ProfileType.CPU, ProfileType.ALLOC), 10),
                () -> 2_000,
                () -> 0,
                w -> {});
        aggregator.add(
                ProfileType.CPU, new String[] {"app.Main.work", "app.Main.main"}, 2, ThreadState.RUNNABLE, 3, 30);
        aggregator.add(
                ProfileType.ALLOC, new String[] {"app.Main.alloc", "app.Main.main"}, 2, ThreadState.UNKNOWN, 1, 512);
        return aggregator.cut(3_000).toProfile("engine=TEST");
    }

    @Test
    void encode_window_isAConsistentPprofProfile() {
        Profile profile = encodeTwoTypes();

        assertThat(profile.getStringTable(0)).isEmpty();
        assertThat(new HashSet<>(profile.getStringTableList())).hasSameSizeAs(profile.getStringTableList());
        Set<Long> functionIds = new HashSet<>();
        for (Function function : profile.getFunctionList()) {
            assertThat(function.getId()).isPositive();
            assertThat(function.getName()).isBetween(1L, (long) profile.getStringTableCount() - 1);
            functionIds.add(function.getId());
        }
        Set<Long> locationIds = new HashSet<>();
        for (Location location : profile.getLocationList()) {
            assertThat(location.getLineList()).hasSize(1);
            assertThat(functionIds).contains(location.getLine(0).getFunctionId());
            locationIds.add(location.getId());
        }
        for (Sample sample : profile.getSampleList()) {
            assertThat(locationIds).containsAll(sample.getLocationIdList());
            assertThat(sample.getValueList()).hasSize(profile.getSampleTypeCount());
            assertThat(sample.getLabelList())
                    .extracting(l -> profile.getStringTable((int) l.getKey()))
                    .containsExactly("thread_state", "samples");
        }
        assertThat(functionIds).hasSize(3);
    }

    @Test
    void encode_twoTypes_listsBothSampleTypesWithUnitsAndCpuPeriod() {
        Profile profile = encodeTwoTypes();

        assertThat(profile.getSampleTypeList())
                .extracting(t ->
                        profile.getStringTable((int) t.getType()) + "/" + profile.getStringTable((int) t.getUnit()))
                .containsExactly("cpu/nanoseconds", "alloc/bytes");
        assertThat(profile.getPeriod()).isEqualTo(10_000_000L);
        assertThat(profile.getTimeNanos()).isEqualTo(2_000_000_000L);
        assertThat(profile.getDurationNanos()).isEqualTo(1_000_000_000L);
        assertThat(profile.getStringTable((int) profile.getComment(0))).isEqualTo("engine=TEST");
        assertThat(profile.getSample(0).getValueList()).containsExactly(30L, 0L);
        assertThat(profile.getSample(1).getValueList()).containsExactly(0L, 512L);
        Label state = profile.getSample(1).getLabel(0);
        assertThat(profile.getStringTable((int) state.getStr())).isEqualTo("UNKNOWN");
        assertThat(profile.getSample(0).getLabel(1).getNum()).isEqualTo(3);
    }
}
