package dev.hotpath.collector.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hotpath.proto.v1.Location;
import dev.hotpath.proto.v1.Profile;
import org.junit.jupiter.api.Test;

class LocationIndexTest {

    @Test
    void position_idsOneToNInOrder_positionOfEachAndNoneOutside() {
        LocationIndex index = LocationIndex.of(profile(1, 2, 3));

        assertThat(index.position(1)).isEqualTo(0);
        assertThat(index.position(3)).isEqualTo(2);
        assertThat(index.position(0)).isEqualTo(-1);
        assertThat(index.position(4)).isEqualTo(-1);
        assertThat(index.position(-1)).isEqualTo(-1);
    }

    @Test
    void position_anyOtherIds_positionOfEachAndNoneOutside() {
        LocationIndex index = LocationIndex.of(profile(2, 1, 1L << 40));

        assertThat(index.position(2)).isEqualTo(0);
        assertThat(index.position(1)).isEqualTo(1);
        assertThat(index.position(1L << 40)).isEqualTo(2);
        assertThat(index.position(3)).isEqualTo(-1);
    }

    @Test
    void of_zeroOrRepeatedId_throwsNamingTheLocation() {
        assertThatThrownBy(() -> LocationIndex.of(profile(1, 0)))
                .isInstanceOf(InvalidReportException.class)
                .hasMessage("profile.location[1].id is 0");
        assertThatThrownBy(() -> LocationIndex.of(profile(1, 2, 7, 7)))
                .isInstanceOf(InvalidReportException.class)
                .hasMessage("profile.location[3].id = 7 is not unique");
    }

    private static Profile profile(long... ids) {
        Profile.Builder profile = Profile.newBuilder();
        for (long id : ids) {
            profile.addLocation(Location.newBuilder().setId(id));
        }
        return profile.build();
    }
}
