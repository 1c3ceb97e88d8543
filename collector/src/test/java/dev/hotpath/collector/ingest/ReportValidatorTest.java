package dev.hotpath.collector.ingest;

import static dev.hotpath.collector.ingest.ReportFixture.report;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hotpath.collector.config.CollectorConfig;
import dev.hotpath.proto.v1.Report;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReportValidatorTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final ReportValidator validator = new ReportValidator(new Limits(3, 100, 4), Duration.ofDays(30));

    @Test
    void validate_wellFormedReport_passes() {
        assertThatCode(() -> validator.validate(valid().build(), NOW)).doesNotThrowAnyException();
    }

    @Test
    void validate_moreSamplesThanTheLimit_namesTheLimit() {
        Report report = report().windowStart(NOW.minusSeconds(120)).stack("a;b", 1).stack("a;c", 1)
                .stack("a;d", 1).stack("a;e", 1).build();

        assertThatThrownBy(() -> validator.validate(report, NOW))
                .hasMessage("profile.sample has 4 entries, more than the limit of 3");
    }

    @Test
    void validate_stackDeeperThanTheLimit_namesTheSample() {
        Report report = report().windowStart(NOW.minusSeconds(120)).stack("a;b;c;d;e", 1).build();

        assertThatThrownBy(() -> validator.validate(report, NOW))
                .hasMessage("profile.sample[0] has 5 frames, more than the limit of 4");
    }

    @Test
    void validate_windowLongerThanTheLimit_isRejected() {
        Report report = valid().setWindowStartEpochMillis(NOW.minus(Duration.ofDays(2)).toEpochMilli()).build();

        assertThatThrownBy(() -> validator.validate(report, NOW)).hasMessageContaining("longer than the limit");
    }

    @Test
    void validate_emptyStringTableEntryZeroMissing_isRejected() {
        Report.Builder report = valid();
        report.setProfile(report.getProfile().toBuilder().setStringTable(0, "x"));

        assertThatThrownBy(() -> validator.validate(report.build(), NOW))
                .hasMessage("profile.string_table[0] must be the empty string");
    }

    @Test
    void validate_sampleTypeListedTwice_isRejected() {
        Report.Builder report = valid();
        report.setProfile(report.getProfile().toBuilder().addSampleType(report.getProfile().getSampleType(0)));

        assertThatThrownBy(() -> validator.validate(report.build(), NOW)).hasMessageContaining("is listed twice");
    }

    @Test
    void validate_labelStringOutOfRange_namesTheLabel() {
        Report.Builder report = valid();
        var profile = report.getProfile().toBuilder();
        profile.setSample(0, profile.getSample(0).toBuilder()
                .setLabel(0, profile.getSample(0).getLabel(0).toBuilder().setStr(500)));
        report.setProfile(profile);

        assertThatThrownBy(() -> validator.validate(report.build(), NOW))
                .hasMessageStartingWith("profile.sample[0].label[0].str = 500 is outside string_table");
    }

    @Test
    void validate_duplicateLocationIds_isRejected() {
        Report.Builder report = valid();
        var profile = report.getProfile().toBuilder();
        profile.addLocation(profile.getLocation(0));
        report.setProfile(profile);

        assertThatThrownBy(() -> validator.validate(report.build(), NOW)).hasMessageContaining("is not unique");
    }

    private static Report.Builder valid() {
        return report().windowStart(NOW.minusSeconds(120)).stack("main;A.a;B.b", 10).build().toBuilder();
    }

    private record Limits(int maxSamples, int maxStrings, int maxStackDepth) implements CollectorConfig.Limits {
        @Override
        public Duration maxWindow() {
            return Duration.ofDays(1);
        }

        @Override
        public Duration maxClockSkew() {
            return Duration.ofMinutes(5);
        }
    }
}
