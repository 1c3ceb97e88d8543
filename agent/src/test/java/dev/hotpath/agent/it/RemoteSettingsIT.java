package dev.hotpath.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.agent.it.workload.SplitWorkload;
import dev.hotpath.proto.v1.AgentConfiguration;
import dev.hotpath.proto.v1.Report;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Settings changed by the collector while the agent runs, without a restart. */
class RemoteSettingsIT {

    @Test
    void remoteSettings_changedMidRun_applyIntervalTypesAndProfilingOffAndOn() throws Exception {
        try (FakeCollector collector = FakeCollector.start()) {
            collector.configuration.set(AgentConfiguration.newBuilder()
                    .setReportingIntervalMillis(500)
                    .build());
            try (ForkedJvm jvm = ForkedJvm.java(ForkedJvm.JAVA_17)
                    .agent(
                            "collector=" + collector.address() + ",reportingIntervalInMilliseconds=1000"
                                    + ",minimumTimeForReportingInMilliseconds=1000,profiles=cpu,wall,configPollIntervalInMilliseconds=1000")
                    .start("remote-settings", SplitWorkload.class, "30")) {

                // Phase 1: a remote reporting interval shorter than the local one is held to the local one.
                List<Report> reports = collector.awaitReports(r -> r.size() >= 2, Duration.ofSeconds(15));
                assertThat(reports).hasSizeGreaterThanOrEqualTo(2);
                Report regular = reports.get(reports.size() - 1);
                assertThat(regular.getSettings().getReportingIntervalMillis()).isEqualTo(1000);
                assertThat(regular.getWindowEndEpochMillis() - regular.getWindowStartEpochMillis())
                        .isGreaterThanOrEqualTo(1000);
                assertThat(Profiles.typeIndex(regular.getProfile(), "cpu")).isZero();
                assertThat(jvm.awaitStderr(
                                "hotpath: remote reportingIntervalInMilliseconds=500 is over the local ceiling 1000",
                                Duration.ofSeconds(5)))
                        .isTrue();

                // Phase 2: a longer interval and wall-clock sampling only (a subset of the local cpu,wall).
                collector.configuration.set(AgentConfiguration.newBuilder()
                        .setReportingIntervalMillis(2500)
                        .addProfileTypes("wall")
                        .build());
                reports = collector.awaitReports(
                        r -> r.size() >= 2
                                && r.get(r.size() - 1).getSettings().getReportingIntervalMillis() == 2500
                                && r.get(r.size() - 2).getSettings().getReportingIntervalMillis() == 2500,
                        Duration.ofSeconds(15));
                Report slower = reports.get(reports.size() - 1);
                assertThat(slower.getSettings().getReportingIntervalMillis()).isEqualTo(2500);
                assertThat(slower.getSettings().getProfileTypesList()).containsExactly("wall");
                assertThat(slower.getWindowEndEpochMillis() - slower.getWindowStartEpochMillis())
                        .isBetween(2500L, 2800L);
                assertThat(Profiles.total(List.of(slower), "wall", "SplitWorkload.heavy"))
                        .isPositive();

                // Phase 3: profiling off: reports keep coming, with no samples.
                collector.configuration.set(AgentConfiguration.newBuilder()
                        .setReportingIntervalMillis(1000)
                        .setProfilingEnabled(false)
                        .build());
                assertThat(jvm.awaitStderr("profiling off", Duration.ofSeconds(10)))
                        .isTrue();
                int offFrom = collector.stored.size();
                reports = collector.awaitReports(r -> r.size() >= offFrom + 3, Duration.ofSeconds(15));
                // The report cut while the change arrived may hold samples; the ones after it hold none.
                assertThat(reports.subList(offFrom + 1, reports.size()))
                        .isNotEmpty()
                        .allSatisfy(
                                r -> assertThat(r.getProfile().getSampleCount()).isZero());

                // Phase 4: on again: samples return.
                collector.configuration.set(AgentConfiguration.newBuilder()
                        .setReportingIntervalMillis(1000)
                        .setProfilingEnabled(true)
                        .build());
                assertThat(jvm.awaitStderr("profiling on", Duration.ofSeconds(10)))
                        .isTrue();
                int onFrom = collector.stored.size();
                reports = collector.awaitReports(r -> r.size() >= onFrom + 2, Duration.ofSeconds(15));
                assertThat(Profiles.total(reports.subList(onFrom + 1, reports.size()), "cpu", "SplitWorkload.heavy"))
                        .isPositive();
                assertThat(collector.configurationPolls.get()).isGreaterThanOrEqualTo(4);
            }
        }
    }
}
