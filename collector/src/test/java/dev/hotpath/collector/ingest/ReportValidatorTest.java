package dev.hotpath.collector.ingest;

import static dev.hotpath.collector.ingest.ReportFixture.report;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hotpath.proto.v1.HeapTypeEntry;
import dev.hotpath.proto.v1.InstanceIdentity;
import dev.hotpath.proto.v1.Report;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReportValidatorTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final ReportValidator validator = new ReportValidator(new TestLimits(3, 100, 4), Duration.ofDays(30));

    @Test
    void validate_wellFormedReport_passes() {
        assertThatCode(() -> validator.validate(valid().build(), NOW)).doesNotThrowAnyException();
    }

    @Test
    void validate_labelledSamples_pass() {
        Report report = report().windowStart(NOW.minusSeconds(120))
                .endpoint("a;b", 1, "GET /search")
                .stack("a;c", 1, "RUNNABLE", java.util.Map.of("label_set", "other"))
                .build();

        assertThatCode(() -> validator.validate(report, NOW)).doesNotThrowAnyException();
    }

    @Test
    void validate_badLabels_namesTheSampleAndWhatWasWrong() {
        assertThatThrownBy(() -> validator.validate(
                        report().windowStart(NOW.minusSeconds(120))
                                .stack("a;b", 1, "RUNNABLE", java.util.Map.of("", "x"))
                                .build(),
                        NOW))
                .hasMessage("profile.sample[0].label[2].key is empty (label value \"x\")");
        assertThatThrownBy(() -> validator.validate(
                        report().windowStart(NOW.minusSeconds(120))
                                .stack("a;b", 1, "RUNNABLE", java.util.Map.of("k".repeat(65), "x"))
                                .build(),
                        NOW))
                .hasMessage("profile.sample[0].label[2].key is 65 characters, more than the limit of 64");
        assertThatThrownBy(() -> validator.validate(
                        report().windowStart(NOW.minusSeconds(120))
                                .endpoint("a;b", 1, "v".repeat(129))
                                .build(),
                        NOW))
                .hasMessage("profile.sample[0].label[2].str (label endpoint) is 129 characters, more than the limit"
                        + " of 128");
        java.util.Map<String, String> many = new java.util.HashMap<>();
        for (int i = 0; i < 17; i++) {
            many.put("k" + i, "v");
        }
        assertThatThrownBy(() -> validator.validate(
                        report().windowStart(NOW.minusSeconds(120))
                                .stack("a;b", 1, "RUNNABLE", many)
                                .build(),
                        NOW))
                .hasMessage("profile.sample[0] has 17 labels, more than the limit of 16");
    }

    @Test
    void validate_keyTwiceInOneSample_isRejected() {
        Report.Builder report =
                report().windowStart(NOW.minusSeconds(120)).endpoint("a;b", 1, "GET /a").build().toBuilder();
        var profile = report.getProfile().toBuilder();
        var sample = profile.getSample(0).toBuilder();
        sample.addLabel(sample.getLabel(2));
        profile.setSample(0, sample);
        report.setProfile(profile);

        assertThatThrownBy(() -> validator.validate(report.build(), NOW))
                .hasMessage("profile.sample[0].label[3].key = \"endpoint\" is given twice in one sample");
    }

    @Test
    void validate_moreLabelSetsThanTheLimitPerReport_isRejectedNamingTheLimit() {
        ReportValidator roomy = new ReportValidator(new TestLimits(2000, 2000, 4, 10_000, 1000), Duration.ofDays(30));
        ReportFixture fixture = report().windowStart(NOW.minusSeconds(120));
        for (int i = 0; i <= ReportValidator.MAX_LABEL_SETS_PER_REPORT; i++) {
            fixture.endpoint("a;b", 1, "GET /" + i);
        }

        assertThatThrownBy(() -> roomy.validate(fixture.build(), NOW))
                .hasMessage("profile.sample[1000] brings the report to more than 1000 distinct label sets, the limit"
                        + " per report (the agent folds the rest into label_set=other)");
    }

    @Test
    void validate_moreSamplesThanTheLimit_namesTheLimit() {
        Report report = report().windowStart(NOW.minusSeconds(120))
                .stack("a;b", 1)
                .stack("a;c", 1)
                .stack("a;d", 1)
                .stack("a;e", 1)
                .build();

        assertThatThrownBy(() -> validator.validate(report, NOW))
                .hasMessage("profile.sample has 4 entries, more than the limit of 3");
    }

    @Test
    void validate_stackDeeperThanTheLimit_namesTheSample() {
        Report report = report().windowStart(NOW.minusSeconds(120))
                .stack("a;b;c;d;e", 1)
                .build();

        assertThatThrownBy(() -> validator.validate(report, NOW))
                .hasMessage("profile.sample[0] has 5 frames, more than the limit of 4");
    }

    @Test
    void validate_windowLongerThanTheLimit_isRejected() {
        Report report = valid().setWindowStartEpochMillis(
                        NOW.minus(Duration.ofDays(2)).toEpochMilli())
                .build();

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
        report.setProfile(report.getProfile().toBuilder()
                .addSampleType(report.getProfile().getSampleType(0)));

        assertThatThrownBy(() -> validator.validate(report.build(), NOW)).hasMessageContaining("is listed twice");
    }

    @Test
    void validate_labelStringOutOfRange_namesTheLabel() {
        Report.Builder report = valid();
        var profile = report.getProfile().toBuilder();
        profile.setSample(
                0,
                profile.getSample(0).toBuilder()
                        .setLabel(
                                0, profile.getSample(0).getLabel(0).toBuilder().setStr(500)));
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

    @Test
    void validate_inlinedLinesPastTheDepthLimit_countedAsFrames() {
        Report.Builder report = valid();
        var profile = report.getProfile().toBuilder();
        // Three locations of one line each (depth 3, limit 4); two more inlined lines in the leaf make 5 frames.
        profile.setLocation(
                0,
                profile.getLocation(0).toBuilder()
                        .addLine(profile.getLocation(0).getLine(0))
                        .addLine(profile.getLocation(0).getLine(0)));
        report.setProfile(profile);

        assertThatThrownBy(() -> validator.validate(report.build(), NOW))
                .hasMessage("profile.sample[0] has more than the limit of 4 frames (inlined lines counted)");
    }

    @Test
    void validate_moreFramesInAllThanTheLimit_isRejected() {
        Report report = report().windowStart(NOW.minusSeconds(120))
                .stack("a;b;c", 1)
                .stack("a;b;d", 1)
                .build();

        assertThatThrownBy(() -> new ReportValidator(new TestLimits(3, 100, 4, 5, 1000), Duration.ofDays(30))
                        .validate(report, NOW))
                .hasMessageStartingWith("profile.sample has more than the limit of 5 frames");
    }

    @Test
    void validate_valuesOverflowingTheTotal_isRejected() {
        Report report = report().windowStart(NOW.minusSeconds(120))
                .stack("a;b", Long.MAX_VALUE)
                .stack("a;c", Long.MAX_VALUE)
                .build();

        assertThatThrownBy(() -> validator.validate(report, NOW))
                .hasMessage("profile.sample values of type 0 add up to more than a 64-bit total");
    }

    @Test
    void validate_negativeSamplesLabel_namesTheLabel() {
        Report.Builder report = valid();
        var profile = report.getProfile().toBuilder();
        profile.setSample(
                0,
                profile.getSample(0).toBuilder()
                        .setLabel(
                                1, profile.getSample(0).getLabel(1).toBuilder().setNum(-3)));
        report.setProfile(profile);

        assertThatThrownBy(() -> validator.validate(report.build(), NOW))
                .hasMessage("profile.sample[0].label[1].num = -3 samples is negative");
    }

    @Test
    void validate_nulCharacterInAFrameName_isRejectedBeforeStorage() {
        Report.Builder report = valid();
        report.setProfile(report.getProfile().toBuilder().setStringTable(1, "cpu\u0000"));

        assertThatThrownBy(() -> validator.validate(report.build(), NOW))
                .hasMessage("profile.string_table[1] contains a NUL character");
    }

    @Test
    void validate_instanceStartedInTheFarFuture_isRejected() {
        Report.Builder report = valid();
        report.setInstance(report.getInstance().toBuilder().setStartTimeEpochMillis(Long.MAX_VALUE));

        assertThatThrownBy(() -> validator.validate(report.build(), NOW))
                .hasMessageContaining("instance.start_time_epoch_millis = " + Long.MAX_VALUE);
    }

    @Test
    void validate_negativeDroppedCounter_isRejected() {
        Report.Builder report = valid();
        report.getDroppedBuilder().setSamplesEngine(-1);

        assertThatThrownBy(() -> validator.validate(report.build(), NOW))
                .hasMessage("dropped has a negative counter (-1)");
    }

    @Test
    void validate_heapSummaryBytesOverflowing_isRejected() {
        Report.Builder report = valid();
        report.getHeapSummaryBuilder()
                .setTakenAtEpochMillis(NOW.toEpochMilli())
                .addTypes(HeapTypeEntry.newBuilder().setTypeName("byte[]").setBytes(Long.MAX_VALUE))
                .addTypes(HeapTypeEntry.newBuilder().setTypeName("byte[]").setBytes(1));

        assertThatThrownBy(() -> validator.validate(report.build(), NOW))
                .hasMessage("heap_summary bytes add up to more than a 64-bit total");
    }

    @Test
    void validate_moreFunctionsThanTheLimit_isRejectedBeforeReadingThem() {
        Report report =
                report().windowStart(NOW.minusSeconds(120)).stack("a;b;c;d", 1).build();

        assertThatThrownBy(() -> new ReportValidator(new TestLimits(3, 100, 8, 100, 3), Duration.ofDays(30))
                        .validate(report, NOW))
                .hasMessage("profile.function has 4 entries, more than the limit of 3");
    }

    @Test
    void validate_identityStringsOverTheirCaps_namesFieldAndCap() {
        assertThatThrownBy(() -> validator.validate(withInstance(i -> i.setHost("h".repeat(256))), NOW))
                .isInstanceOf(InvalidReportException.class)
                .hasMessage("instance.host is 256 characters, more than the limit of 255");
        assertThatThrownBy(() -> validator.validate(withInstance(i -> i.setJvmVersion("1".repeat(129))), NOW))
                .hasMessage("instance.jvm_version is 129 characters, more than the limit of 128");
        assertThatThrownBy(() -> validator.validate(withInstance(i -> i.setJvmVendor("v".repeat(257))), NOW))
                .hasMessage("instance.jvm_vendor is 257 characters, more than the limit of 256");
        assertThatThrownBy(() -> validator.validate(withInstance(i -> i.setAgentVersion("a".repeat(129))), NOW))
                .hasMessage("instance.agent_version is 129 characters, more than the limit of 128");
        assertThatThrownBy(() -> validator.validate(withInstance(i -> i.setAppVersion("a".repeat(1 << 20))), NOW))
                .hasMessage("instance.app_version is 1048576 characters, more than the limit of 128");
        assertThatThrownBy(() -> validator.validate(withInstance(i -> i.setOs("o".repeat(257))), NOW))
                .hasMessage("instance.os is 257 characters, more than the limit of 256");
    }

    @Test
    void validate_identityStringsAtTheirCaps_pass() {
        assertThatCode(() -> validator.validate(
                        withInstance(i -> i.setHost("h".repeat(255))
                                .setJvmVersion("1".repeat(128))
                                .setJvmVendor("v".repeat(256))
                                .setAgentVersion("a".repeat(128))
                                .setAppVersion("a".repeat(128))
                                .setOs("o".repeat(256))),
                        NOW))
                .doesNotThrowAnyException();
    }

    @Test
    void validate_availableProcessorsOutOfRange_namesTheField() {
        assertThatThrownBy(() -> validator.validate(withInstance(i -> i.setAvailableProcessors(-1)), NOW))
                .hasMessage("instance.available_processors = -1 is negative or more than 4096");
        assertThatThrownBy(() -> validator.validate(withInstance(i -> i.setAvailableProcessors(4097)), NOW))
                .hasMessage("instance.available_processors = 4097 is negative or more than 4096");
    }

    private static Report withInstance(java.util.function.UnaryOperator<InstanceIdentity.Builder> change) {
        Report.Builder report = valid();
        return report.setInstance(change.apply(report.getInstance().toBuilder()))
                .build();
    }
}
