package dev.hotpath.collector.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileRequestTest {

    private static final TimeRange HOUR =
            new TimeRange(Instant.parse("2026-01-31T14:00:00Z"), Instant.parse("2026-01-31T15:00:00Z"));

    @Test
    void versions_repeatedAndCommaLists_oneSetWithoutBlanks() {
        ProfileRequest request = ProfileRequest.of(
                7, HOUR, null, null, null, List.of("1.0, 1.1", "", "2.0,", "1.0"), "version", List.of());

        assertThat(request.filter().appVersions()).containsExactlyInAnyOrder("1.0", "1.1", "2.0");
    }

    @Test
    void versions_none_everyVersion() {
        assertThat(ProfileRequest.of(7, HOUR, "wall", "cpu", "3").filter().appVersions())
                .isEmpty();
    }

    @Test
    void versions_tooMany_errorNamingTheParameter() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            many.add("v" + i);
        }

        assertThatThrownBy(() -> ProfileRequest.of(7, HOUR, null, null, null, many, "baseVersion", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("baseVersion lists 101 versions");
    }

    @Test
    void versions_tooLong_errorNamingTheParameter() {
        char[] longVersion = new char[201];
        Arrays.fill(longVersion, 'x');

        assertThatThrownBy(() -> ProfileRequest.of(
                        7, HOUR, null, null, null, List.of(new String(longVersion)), "version", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("version = 'xxx");
    }
}
