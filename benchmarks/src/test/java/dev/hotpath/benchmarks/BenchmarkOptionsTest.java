package dev.hotpath.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

class BenchmarkOptionsTest {

    @Test
    void parse_noArguments_fullRunWithRepositoryPaths() {
        BenchmarkOptions options = BenchmarkOptions.parse();

        assertThat(options.mode()).isEqualTo(RunMode.FULL);
        assertThat(options.only()).isEqualTo(BenchmarkOptions.Only.ALL);
        assertThat(options.agentJar()).isEqualTo(Paths.get("agent/target/hotpath-agent.jar"));
        assertThat(options.collectorJar()).isEqualTo(Paths.get("collector/target/hotpath-collector.jar"));
        assertThat(options.resultsDir()).isEqualTo(Paths.get("benchmarks/results"));
    }

    @Test
    void parse_quickAndPaths_allApplied() {
        BenchmarkOptions options =
                BenchmarkOptions.parse("--quick", "--agent=/opt/a.jar", "--collector=/opt/c.jar", "--results=/tmp/r");

        assertThat(options.mode()).isEqualTo(RunMode.QUICK);
        assertThat(options.agentJar()).isEqualTo(Paths.get("/opt/a.jar"));
        assertThat(options.collectorJar()).isEqualTo(Paths.get("/opt/c.jar"));
        assertThat(options.resultsDir()).isEqualTo(Paths.get("/tmp/r"));
    }

    @Test
    void parse_onlyQuery_queryOnlyInTheGivenMode() {
        BenchmarkOptions options = BenchmarkOptions.parse("--quick", "--only=query");

        assertThat(options.only()).isEqualTo(BenchmarkOptions.Only.QUERY);
        assertThat(options.mode()).isEqualTo(RunMode.QUICK);
    }

    @Test
    void parse_onlyAgent_agentPartInTheGivenMode() {
        BenchmarkOptions options = BenchmarkOptions.parse("--only=agent");

        assertThat(options.only()).isEqualTo(BenchmarkOptions.Only.AGENT);
        assertThat(options.only().collector()).isFalse();
        assertThat(options.mode()).isEqualTo(RunMode.FULL);
    }

    @Test
    void parse_onlyIngest_ingestPartInTheGivenMode() {
        BenchmarkOptions options = BenchmarkOptions.parse("--quick", "--only=ingest");

        assertThat(options.only()).isEqualTo(BenchmarkOptions.Only.INGEST);
        assertThat(options.only().agent()).isFalse();
        assertThat(options.only().analyzer()).isFalse();
        assertThat(options.mode()).isEqualTo(RunMode.QUICK);
    }

    @Test
    void parse_onlyFleet_fleetAloneAndNeverPartOfAll() {
        BenchmarkOptions options = BenchmarkOptions.parse("--only=fleet");

        assertThat(options.only()).isEqualTo(BenchmarkOptions.Only.FLEET);
        assertThat(options.only().fleet()).isTrue();
        assertThat(options.only().collector()).isFalse();
        assertThat(options.only().agent()).isFalse();
        assertThat(options.only().analyzer()).isFalse();
        assertThat(BenchmarkOptions.Only.ALL.fleet()).isFalse();
    }

    @Test
    void parse_onlyLabels_labelsPairedAloneAndNotTheWholeAgentRun() {
        BenchmarkOptions options = BenchmarkOptions.parse("--only=labels");

        assertThat(options.only()).isEqualTo(BenchmarkOptions.Only.LABELS);
        assertThat(options.only().labels()).isTrue();
        assertThat(options.only().agent()).isFalse();
        assertThat(options.only().collector()).isFalse();
        assertThat(BenchmarkOptions.Only.ALL.labels()).isFalse();
    }

    @Test
    void parse_twoDifferentParts_throwsNamingBoth() {
        assertThatThrownBy(() -> BenchmarkOptions.parse("--only=query", "--only=ingest"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--only=query")
                .hasMessageContaining("--only=ingest");
        assertThatThrownBy(() -> BenchmarkOptions.parse("--only=agent", "--only=query"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--only=agent")
                .hasMessageContaining("--only=query");
    }

    @Test
    void parse_unknownOrEmptyArgument_throwsNamingIt() {
        assertThatThrownBy(() -> BenchmarkOptions.parse("--fast"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--fast");
        assertThatThrownBy(() -> BenchmarkOptions.parse("--agent="))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--agent=");
        assertThatThrownBy(() -> BenchmarkOptions.parse("--only=heap"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--only=heap");
    }
}
