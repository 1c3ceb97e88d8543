package dev.hotpath.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void environmentName_camelCaseKey_isUpperSnakeCase() {
        assertThat(Settings.SAMPLING_INTERVAL.environmentName()).isEqualTo("HOTPATH_SAMPLING_INTERVAL_IN_MILLISECONDS");
        assertThat(Settings.MEMORY_USAGE_LIMIT_PERCENT.environmentName())
                .isEqualTo("HOTPATH_MEMORY_USAGE_LIMIT_PERCENT");
        assertThat(Settings.HEAP_SUMMARY.environmentName()).isEqualTo("HOTPATH_HEAP_SUMMARY");
        assertThat(Settings.COLLECTOR.environmentName()).isEqualTo("HOTPATH_COLLECTOR");
    }

    @Test
    void systemPropertyName_anyKey_isPrefixedWithHotpath() {
        assertThat(Settings.MAX_STACK_DEPTH.systemPropertyName()).isEqualTo("hotpath.maxStackDepth");
    }

    @Test
    void markdownTable_everySetting_hasARowWithDefaultAndDescription() {
        String table = Settings.markdownTable();

        assertThat(table.split("\n")).hasSize(Settings.ALL.size() + 2);
        for (Setting<?> setting : Settings.ALL) {
            assertThat(setting.description()).isNotBlank();
            assertThat(table).contains("| `" + setting.key() + "` | `" + setting.environmentName() + "` |");
        }
        assertThat(table).contains("| `maxStackDepth` | `HOTPATH_MAX_STACK_DEPTH` | integer | 1000 | 1..8192 |");
    }
}
