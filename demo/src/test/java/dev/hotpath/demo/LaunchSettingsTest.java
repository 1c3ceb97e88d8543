package dev.hotpath.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LaunchSettingsTest {

    private static final Path ROOT = Path.of("/repo");

    @Test
    void from_emptyEnvironment_usesPort8080AndHotpathDataUnderTheRoot() {
        LaunchSettings settings = LaunchSettings.from(ROOT, Map.of());

        assertThat(settings.port()).isEqualTo(8080);
        assertThat(settings.dataDir()).isEqualTo(Path.of("/repo/hotpath-data"));
        assertThat(settings.adminToken()).isEmpty();
        assertThat(settings.demoRate()).isEqualTo(100);
        assertThat(settings.collectorJar()).isEqualTo(Path.of("/repo/collector/target/hotpath-collector.jar"));
        assertThat(settings.baseUrl()).isEqualTo("http://localhost:8080");
    }

    @Test
    void from_variablesSet_takesPortAbsoluteDataDirTokenAndRate() {
        LaunchSettings settings = LaunchSettings.from(
                ROOT,
                Map.of(
                        "HOTPATH_PORT",
                        "8090",
                        "HOTPATH_DATA_DIR",
                        "/var/lib/hotpath",
                        "HOTPATH_ADMIN_TOKEN",
                        "secret",
                        "HOTPATH_DEMO_RATE",
                        "20"));

        assertThat(settings.port()).isEqualTo(8090);
        assertThat(settings.dataDir()).isEqualTo(Path.of("/var/lib/hotpath"));
        assertThat(settings.adminToken()).contains("secret");
        assertThat(settings.demoRate()).isEqualTo(20);
    }

    @Test
    void from_blankToken_isNoToken() {
        assertThat(LaunchSettings.from(ROOT, Map.of("HOTPATH_ADMIN_TOKEN", " ")).adminToken())
                .isEmpty();
    }

    @Test
    void from_portNotANumber_errorNamesTheVariableAndValue() {
        assertThatThrownBy(() -> LaunchSettings.from(ROOT, Map.of("HOTPATH_PORT", "eighty")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("HOTPATH_PORT must be a whole number, not 'eighty'");
    }

    @Test
    void from_portOutOfRange_errorGivesTheRange() {
        assertThatThrownBy(() -> LaunchSettings.from(ROOT, Map.of("HOTPATH_PORT", "70000")))
                .hasMessage("HOTPATH_PORT must be in 1..65535, not 70000");
    }
}
