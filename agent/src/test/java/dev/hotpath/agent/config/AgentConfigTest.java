package dev.hotpath.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.agent.sampler.EnginePreference;
import dev.hotpath.agent.sampler.ProfileType;
import dev.hotpath.proto.v1.AgentConfiguration;
import java.util.EnumSet;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgentConfigTest {
    private final MapConfigSource source = new MapConfigSource();

    @Test
    void load_nothingSet_usesDesignDefaults() {
        AgentConfig config = AgentConfig.load(null, source);

        assertThat(config.problems()).isEmpty();
        assertThat(config.get(Settings.SAMPLING_INTERVAL)).isEqualTo(10L);
        assertThat(config.get(Settings.REPORTING_INTERVAL)).isEqualTo(60_000L);
        assertThat(config.get(Settings.MINIMUM_TIME)).isEqualTo(30_000L);
        assertThat(config.get(Settings.MAX_STACK_DEPTH)).isEqualTo(1000);
        assertThat(config.get(Settings.MEMORY_USAGE_LIMIT_PERCENT)).isEqualTo(10);
        assertThat(config.get(Settings.PROFILES)).containsExactly(ProfileType.CPU);
        assertThat(config.get(Settings.ENGINE)).isEqualTo(EnginePreference.ASYNC);
        assertThat(config.get(Settings.HEAP_SUMMARY)).isFalse();
        assertThat(config.get(Settings.COLLECTOR)).isEmpty();
        assertThat(config.profilingEnabled()).isTrue();
    }

    @Test
    void load_sameKeyInEverySource_firstSourceWins() {
        Properties file = new Properties();
        file.setProperty("maxStackDepth", "40");
        file.setProperty("memoryUsageLimitPercent", "4");
        file.setProperty("reportingIntervalInMilliseconds", "90000");
        file.setProperty("samplingIntervalInMilliseconds", "7");
        source.files.put("/etc/hotpath.properties", file);
        source.environment.put("HOTPATH_CONFIG", "/etc/hotpath.properties");
        source.environment.put("HOTPATH_MAX_STACK_DEPTH", "30");
        source.environment.put("HOTPATH_MEMORY_USAGE_LIMIT_PERCENT", "3");
        source.environment.put("HOTPATH_REPORTING_INTERVAL_IN_MILLISECONDS", "80000");
        source.properties.put("hotpath.maxStackDepth", "20");
        source.properties.put("hotpath.memoryUsageLimitPercent", "2");

        AgentConfig config = AgentConfig.load("maxStackDepth=10", source);

        assertThat(config.problems()).isEmpty();
        assertThat(config.get(Settings.MAX_STACK_DEPTH)).isEqualTo(10);
        assertThat(config.get(Settings.MEMORY_USAGE_LIMIT_PERCENT)).isEqualTo(2);
        assertThat(config.get(Settings.REPORTING_INTERVAL)).isEqualTo(80_000L);
        assertThat(config.get(Settings.SAMPLING_INTERVAL)).isEqualTo(7L);
    }

    @Test
    void withRemote_cheaperThanLocal_appliesEveryValue() {
        AgentConfig local = AgentConfig.load("profiles=cpu,wall,alloc,heapSummary=true", source);

        AgentConfig merged = local.withRemote(AgentConfiguration.newBuilder()
                .setSamplingIntervalMillis(25)
                .setReportingIntervalMillis(120_000)
                .setMinimumTimeForReportingMillis(60_000)
                .setMaxStackDepth(64)
                .setMemoryUsageLimitPercent(5)
                .addProfileTypes("wall")
                .addProfileTypes("alloc")
                .setHeapSummary(false)
                .setProfilingEnabled(false)
                .build());

        assertThat(merged.problems()).isEmpty();
        assertThat(merged.get(Settings.SAMPLING_INTERVAL)).isEqualTo(25L);
        assertThat(merged.get(Settings.REPORTING_INTERVAL)).isEqualTo(120_000L);
        assertThat(merged.get(Settings.MINIMUM_TIME)).isEqualTo(60_000L);
        assertThat(merged.get(Settings.MAX_STACK_DEPTH)).isEqualTo(64);
        assertThat(merged.get(Settings.MEMORY_USAGE_LIMIT_PERCENT)).isEqualTo(5);
        assertThat(merged.get(Settings.PROFILES)).containsExactlyInAnyOrder(ProfileType.WALL, ProfileType.ALLOC);
        assertThat(merged.get(Settings.HEAP_SUMMARY)).isFalse();
        assertThat(merged.profilingEnabled()).isFalse();
    }

    @Test
    void withRemote_costlierThanDefaults_keepsEveryDefaultWithOneLinePerKey() {
        AgentConfig local = AgentConfig.load(null, source);

        AgentConfig merged = local.withRemote(hostile());

        assertThat(merged.samplerSettings()).isEqualTo(local.samplerSettings());
        assertThat(merged.reportEveryMillis())
                .isEqualTo(local.reportEveryMillis())
                .isEqualTo(60_000L);
        assertThat(merged.bufferLimitBytes(1_000_000_000L)).isEqualTo(local.bufferLimitBytes(1_000_000_000L));
        assertThat(merged.get(Settings.HEAP_SUMMARY)).isTrue();
        assertThat(merged.heapSummaryEveryMillis()).isEqualTo(600_000L);
        assertThat(merged.toProto()).isEqualTo(local.toProto());
        assertThat(merged.problems())
                .containsExactly(
                        "remote samplingIntervalInMilliseconds=1 is over the local ceiling 10 (the collector may only make"
                                + " profiling cheaper); using 10",
                        "remote reportingIntervalInMilliseconds=100 is over the local ceiling 60000 (the collector may only make"
                                + " profiling cheaper); using 60000",
                        "remote minimumTimeForReportingInMilliseconds=0 is over the local ceiling 30000 (the collector may only"
                                + " make profiling cheaper); using 30000",
                        "remote maxStackDepth=100000 is over the local ceiling 1000 (the collector may only make profiling"
                                + " cheaper); using 1000",
                        "remote memoryUsageLimitPercent=90 is over the local ceiling 10 (the collector may only make profiling"
                                + " cheaper); using 10",
                        "remote profiles=cpu,wall,alloc,lock is over the local ceiling cpu (the collector may only make profiling"
                                + " cheaper); using cpu",
                        "remote heapSummary=true is over the local ceiling heapSummary=false (the collector may only make profiling"
                                + " cheaper); using one heap summary per heapSummaryIntervalInMilliseconds=600000");
    }

    /** What a compromised collector would send to make every agent of the group as costly as it can. */
    private static AgentConfiguration hostile() {
        return AgentConfiguration.newBuilder()
                .setSamplingIntervalMillis(1)
                .setReportingIntervalMillis(100)
                .setMinimumTimeForReportingMillis(0)
                .setMaxStackDepth(100_000)
                .setMemoryUsageLimitPercent(90)
                .addAllProfileTypes(java.util.Arrays.asList("cpu", "wall", "alloc", "lock"))
                .setHeapSummary(true)
                .build();
    }

    @Test
    void withRemote_valueSetLocally_isTheCeilingNotTheDefault() {
        AgentConfig local = AgentConfig.load("samplingIntervalInMilliseconds=50,maxStackDepth=10", source);

        AgentConfig faster = local.withRemote(AgentConfiguration.newBuilder()
                .setSamplingIntervalMillis(20)
                .setMaxStackDepth(99)
                .build());
        AgentConfig slower = local.withRemote(AgentConfiguration.newBuilder()
                .setSamplingIntervalMillis(100)
                .setMaxStackDepth(5)
                .build());

        assertThat(faster.get(Settings.SAMPLING_INTERVAL)).isEqualTo(50L);
        assertThat(faster.get(Settings.MAX_STACK_DEPTH)).isEqualTo(10);
        assertThat(faster.problems()).hasSize(2);
        assertThat(slower.get(Settings.SAMPLING_INTERVAL)).isEqualTo(100L);
        assertThat(slower.get(Settings.MAX_STACK_DEPTH)).isEqualTo(5);
        assertThat(slower.problems()).isEmpty();
    }

    @Test
    void withRemote_typesPartlyAllowedLocally_keepsOnlyTheAllowedOnes() {
        AgentConfig local = AgentConfig.load("profiles=cpu,wall", source);

        AgentConfig merged = local.withRemote(AgentConfiguration.newBuilder()
                .addProfileTypes("wall")
                .addProfileTypes("alloc")
                .build());

        assertThat(merged.get(Settings.PROFILES)).containsExactly(ProfileType.WALL);
        assertThat(merged.problems())
                .containsExactly("remote profiles=wall,alloc is over the local ceiling cpu,wall"
                        + " (the collector may only make profiling cheaper); using wall");
    }

    @Test
    void withRemote_heapSummaryOnLocally_collectorMayTurnItOffAndOnAgainWithEachReport() {
        AgentConfig local = AgentConfig.load("heapSummary=true", source);

        AgentConfig off = local.withRemote(
                AgentConfiguration.newBuilder().setHeapSummary(false).build());
        AgentConfig on = local.withRemote(
                AgentConfiguration.newBuilder().setHeapSummary(true).build());

        assertThat(off.get(Settings.HEAP_SUMMARY)).isFalse();
        assertThat(on.get(Settings.HEAP_SUMMARY)).isTrue();
        assertThat(on.heapSummaryEveryMillis()).isZero();
        assertThat(on.problems()).isEmpty();
    }

    @Test
    void withRemote_heapSummaryOnlyFromCollector_isSpacedByTheLocalInterval() {
        AgentConfig local = AgentConfig.load("heapSummaryIntervalInMilliseconds=120000", source);
        AgentConfig slowReports = AgentConfig.load(
                "heapSummaryIntervalInMilliseconds=120000" + ",reportingIntervalInMilliseconds=300000", source);
        AgentConfiguration on =
                AgentConfiguration.newBuilder().setHeapSummary(true).build();

        AgentConfig everyMinute = local.withRemote(on);
        AgentConfig everyFiveMinutes = slowReports.withRemote(on);

        assertThat(everyMinute.heapSummaryEveryMillis()).isEqualTo(120_000L);
        assertThat(everyMinute.problems())
                .containsExactly("remote heapSummary=true is over the local ceiling"
                        + " heapSummary=false (the collector may only make profiling cheaper); using one heap summary per"
                        + " heapSummaryIntervalInMilliseconds=120000");
        // Reports already further apart than the interval: one summary each costs no more than the ceiling.
        assertThat(everyFiveMinutes.heapSummaryEveryMillis()).isEqualTo(120_000L);
        assertThat(everyFiveMinutes.problems()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "0|invalid maxStackDepth='0' from remote configuration: outside 1..8192; using local 1000",
                "-5|invalid maxStackDepth='-5' from remote configuration: outside 1..8192; using local 1000",
            })
    void withRemote_cheaperButInvalid_keepsLocalAndNamesIt(int depth, String expectedLine) {
        AgentConfig merged = AgentConfig.load(null, source)
                .withRemote(
                        AgentConfiguration.newBuilder().setMaxStackDepth(depth).build());

        assertThat(merged.get(Settings.MAX_STACK_DEPTH)).isEqualTo(1000);
        assertThat(merged.problems()).containsExactly(expectedLine);
    }

    @Test
    void withRemote_fieldUnsetLater_fallsBackToLocalDefault() {
        AgentConfig local = AgentConfig.load(null, source);
        AgentConfig first = local.withRemote(AgentConfiguration.newBuilder()
                .setReportingIntervalMillis(120_000)
                .build());

        AgentConfig second = local.withRemote(AgentConfiguration.getDefaultInstance());

        assertThat(first.get(Settings.REPORTING_INTERVAL)).isEqualTo(120_000L);
        assertThat(second.get(Settings.REPORTING_INTERVAL)).isEqualTo(60_000L);
        assertThat(second.profilingEnabled()).isTrue();
    }

    @Test
    void withRemote_unknownType_keepsLocalAndNamesIt() {
        AgentConfig merged = AgentConfig.load(null, source)
                .withRemote(
                        AgentConfiguration.newBuilder().addProfileTypes("gpu").build());

        assertThat(merged.get(Settings.PROFILES)).containsExactly(ProfileType.CPU);
        assertThat(merged.problems())
                .containsExactly(
                        "invalid profiles='gpu' from remote configuration: unknown profile type 'gpu'; using local cpu");
    }

    @Test
    void load_profilesWithCommasInAgentArguments_keepsEveryType() {
        AgentConfig config =
                AgentConfig.load("collector=localhost:4317,profiles=cpu,alloc,lock,wall,group=shop", source);

        assertThat(config.problems()).isEmpty();
        assertThat(config.get(Settings.PROFILES)).isEqualTo(EnumSet.allOf(ProfileType.class));
        assertThat(config.get(Settings.COLLECTOR)).isEqualTo("localhost:4317");
        assertThat(config.get(Settings.GROUP)).isEqualTo("shop");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "samplingIntervalInMilliseconds=abc|invalid samplingIntervalInMilliseconds='abc' from agent arguments: not a whole number; using default 10",
                "samplingIntervalInMilliseconds=0|invalid samplingIntervalInMilliseconds='0' from agent arguments: outside 1..60000; using default 10",
                "reportingIntervalInMilliseconds=-5|invalid reportingIntervalInMilliseconds='-5' from agent arguments: outside 100..86400000; using default 60000",
                "minimumTimeForReportingInMilliseconds=1.5|invalid minimumTimeForReportingInMilliseconds='1.5' from agent arguments: not a whole number; using default 30000",
                "maxStackDepth=100000|invalid maxStackDepth='100000' from agent arguments: outside 1..8192; using default 1000",
                "memoryUsageLimitPercent=75|invalid memoryUsageLimitPercent='75' from agent arguments: outside 1..50; using default 10",
                "configPollIntervalInMilliseconds=10|invalid configPollIntervalInMilliseconds='10' from agent arguments: outside 1000..86400000; using default 60000",
                "profiles=cpu+gpu|invalid profiles='cpu+gpu' from agent arguments: unknown profile type 'gpu'; using default cpu",
                "profiles=|invalid profiles='' from agent arguments: no profile type; using default cpu",
                "engine=jfr|invalid engine='jfr' from agent arguments: not async or threaddump; using default async",
                "heapSummary=yes|invalid heapSummary='yes' from agent arguments: not true or false; using default false",
                "collector=localhost|invalid collector='localhost' from agent arguments: not HOST:PORT; using default \"\"",
                "collector=localhost:http|invalid collector='localhost:http' from agent arguments: port is not a number; using default \"\"",
                "collector=localhost:70000|invalid collector='localhost:70000' from agent arguments: port outside 1..65535; using default \"\"",
                "collector=ftp://localhost:21|invalid collector='ftp://localhost:21' from agent arguments: scheme is not https:// or http://; using default \"\"",
                "insecure=maybe|invalid insecure='maybe' from agent arguments: not true or false; using default false",
                "group=|invalid group='' from agent arguments: empty; using default default",
                "sampling=5|unknown setting 'sampling' in agent arguments is ignored",
                "verbose|agent argument 1 is not key=value and is ignored",
                "maxStackDepth=5,maxStackDepth=6|setting 'maxStackDepth' given twice in agent arguments; the first value is used",
                "config=/missing.properties|cannot read config file '/missing.properties' (java.nio.file.NoSuchFileException: /missing.properties); its settings are ignored",
                "reportingIntervalInMilliseconds=1000|reportingIntervalInMilliseconds=1000 is below minimumTimeForReportingInMilliseconds=30000; reports are spaced 30000 ms apart",
            })
    void load_badValue_printsOneLineNamingKeyValueAndDefault(String args, String expectedLine) {
        AgentConfig config = AgentConfig.load(args, source);

        assertThat(config.problems()).containsExactly(expectedLine.trim());
    }

    @Test
    void load_badValueInEachSource_namesTheSource() {
        Properties file = new Properties();
        file.setProperty("maxStackDepth", "deep");
        source.files.put("/f", file);
        source.properties.put("hotpath.samplingIntervalInMilliseconds", "fast");
        source.environment.put("HOTPATH_HEAP_SUMMARY", "1");

        AgentConfig config = AgentConfig.load("config=/f", source);

        assertThat(config.problems())
                .containsExactlyInAnyOrder(
                        "invalid samplingIntervalInMilliseconds='fast' from system property hotpath.samplingIntervalInMilliseconds:"
                                + " not a whole number; using default 10",
                        "invalid heapSummary='1' from environment HOTPATH_HEAP_SUMMARY: not true or false; using default false",
                        "invalid maxStackDepth='deep' from config file /f: not a whole number; using default 1000");
        assertThat(config.get(Settings.MAX_STACK_DEPTH)).isEqualTo(1000);
        assertThat(config.get(Settings.SAMPLING_INTERVAL)).isEqualTo(10L);
    }

    @Test
    void load_versionNotSet_takesMainJarVersion() {
        source.mainJarVersion = "2.4.1";

        assertThat(AgentConfig.load(null, source).get(Settings.VERSION)).isEqualTo("2.4.1");
        assertThat(AgentConfig.load("version=3.0", source).get(Settings.VERSION))
                .isEqualTo("3.0");
    }

    @Test
    void reportEveryMillis_reportingBelowMinimum_isTheMinimum() {
        AgentConfig config = AgentConfig.load(
                "reportingIntervalInMilliseconds=2000,minimumTimeForReportingInMilliseconds=5000", source);

        assertThat(config.reportEveryMillis()).isEqualTo(5000);
    }

    @Test
    void bufferLimitBytes_tenPercent_isATenthOfMaxHeap() {
        assertThat(AgentConfig.load(null, source).bufferLimitBytes(1_000_000_000L))
                .isEqualTo(100_000_000L);
    }

    @Test
    void load_tokenInEnvironment_usesItWithoutAnyLine() {
        source.environment.put("HOTPATH_TOKEN", "s3cret");

        AgentConfig config = AgentConfig.load("collector=localhost:4317", source);

        assertThat(config.get(Settings.TOKEN)).isEqualTo("s3cret");
        assertThat(config.problems()).isEmpty();
    }

    @Test
    void load_tokenInConfigFileOnlyItsOwnerReads_usesItWithoutAnyLine() {
        Properties file = new Properties();
        file.setProperty("token", "s3cret");
        source.files.put("/etc/hotpath.properties", file);

        AgentConfig config = AgentConfig.load("config=/etc/hotpath.properties", source);

        assertThat(config.get(Settings.TOKEN)).isEqualTo("s3cret");
        assertThat(config.problems()).isEmpty();
    }

    @Test
    void load_tokenInConfigFileOthersRead_isNotUsedAndOneLineNamesFileAndFix() {
        Properties file = new Properties();
        file.setProperty("token", "s3cret");
        file.setProperty("group", "checkout");
        source.files.put("/etc/hotpath.properties", file);
        source.readers.put("/etc/hotpath.properties", "group and others (rw-r--r--)");

        AgentConfig config = AgentConfig.load("config=/etc/hotpath.properties", source);

        assertThat(config.get(Settings.TOKEN)).isEmpty();
        assertThat(config.get(Settings.GROUP)).isEqualTo("checkout");
        assertThat(config.problems())
                .containsExactly("config file /etc/hotpath.properties holds the token but is"
                        + " readable by group and others (rw-r--r--): the token is not used and the collector will refuse this"
                        + " agent; run chmod 600 /etc/hotpath.properties (or use HOTPATH_TOKEN)");
    }

    @Test
    void load_tokenInEnvironmentAndInAConfigFileOthersRead_usesTheEnvironmentSilently() {
        Properties file = new Properties();
        file.setProperty("token", "old");
        source.files.put("/etc/hotpath.properties", file);
        source.readers.put("/etc/hotpath.properties", "others (rw----r--)");
        source.environment.put("HOTPATH_TOKEN", "s3cret");

        AgentConfig config = AgentConfig.load("config=/etc/hotpath.properties", source);

        assertThat(config.get(Settings.TOKEN)).isEqualTo("s3cret");
        assertThat(config.problems()).isEmpty();
    }

    @Test
    void load_tokenInAgentArguments_usesItAndWarnsOnceWithoutShowingIt() {
        AgentConfig config = AgentConfig.load("collector=localhost:4317,token=s3cret", source);

        assertThat(config.get(Settings.TOKEN)).isEqualTo("s3cret");
        assertThat(config.problems())
                .containsExactly("token is given in the agent arguments, which any user of this"
                        + " machine can read (ps); set it in the environment (HOTPATH_TOKEN) or in a config file (config=/path,"
                        + " chmod 600) instead");
    }

    @Test
    void load_tokenInSystemProperty_usesItAndWarnsWithoutShowingIt() {
        source.properties.put("hotpath.token", "s3cret");

        AgentConfig config = AgentConfig.load(null, source);

        assertThat(config.get(Settings.TOKEN)).isEqualTo("s3cret");
        assertThat(config.problems())
                .singleElement()
                .asString()
                .startsWith(
                        "token is given in the system property hotpath.token, which any user of this machine can read")
                .doesNotContain("s3cret");
    }

    @Test
    void load_tokenNotPrintable_isRejectedWithoutShowingIt() {
        source.environment.put("HOTPATH_TOKEN", "s3cr\u00e9t\n");

        AgentConfig config = AgentConfig.load(null, source);

        assertThat(config.get(Settings.TOKEN)).isEmpty();
        assertThat(config.problems())
                .containsExactly("invalid token from environment HOTPATH_TOKEN: holds a character"
                        + " that is not printable ASCII (at 4); using default \"\"");
    }

    @Test
    void load_strayPartsAroundATokenInAgentArguments_neverShowAnyOfIt() {
        AgentConfig config = AgentConfig.load("aaa1,token=bbb2,token=ccc3,ddd4", source);

        assertThat(config.problems())
                .hasSize(4)
                .noneSatisfy(line -> assertThat(line).containsAnyOf("aaa1", "bbb2", "ccc3", "ddd4"));
    }

    @Test
    void argumentKeys_tokenGiven_returnsTheKeysOnly() {
        assertThat(AgentConfig.argumentKeys("collector=https://h:1,token=s3cret,profiles=cpu,wall"))
                .containsExactly("collector", "token", "profiles");
    }

    @Test
    void toString_tokenSet_neverShowsTheToken() {
        assertThat(AgentConfig.load("token=s3cret", source).toString())
                .doesNotContain("s3cret")
                .contains("maxStackDepth=1000");
    }
}
