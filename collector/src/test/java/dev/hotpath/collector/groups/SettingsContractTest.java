package dev.hotpath.collector.groups;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotpath.agent.config.Setting;
import dev.hotpath.agent.config.Settings;
import dev.hotpath.agent.sampler.ProfileType;
import dev.hotpath.collector.storage.read.GroupSettings;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * One settings contract: what the collector checks before it sends remote settings is what the agent accepts, read
 * from the agent's own settings table, so a range changed on one side fails here instead of in production.
 */
class SettingsContractTest {

    @Test
    void numericRanges_sameAsTheAgentsForEverySettingTheCollectorMaySend() {
        Map<String, String> agent = new TreeMap<>();
        for (Setting<?> s : Settings.ALL) {
            if (!"no".equals(s.fromCollector()) && s.range().matches("\\d+\\.\\.\\d+")) {
                agent.put(s.key(), s.range());
            }
        }
        Map<String, String> collector = new TreeMap<>();
        SettingsCheck.RANGES.forEach((key, range) -> collector.put(key, range.toString()));

        assertThat(agent).as("the agent's remote numeric settings").hasSizeGreaterThanOrEqualTo(5);
        assertThat(collector).isEqualTo(agent);
    }

    @Test
    void profileTypes_sameAsTheAgents() {
        Set<String> agent =
                Arrays.stream(ProfileType.values()).map(ProfileType::key).collect(Collectors.toSet());

        assertThat(SettingsCheck.TYPES).isEqualTo(agent);
        assertThat(Settings.PROFILES.range())
                .isEqualTo(String.join(
                        ", ",
                        Arrays.stream(ProfileType.values())
                                .map(ProfileType::key)
                                .toList()));
    }

    @Test
    void groupSettings_oneFieldForEverySettingTheCollectorMaySend() {
        Set<String> fields = Arrays.stream(GroupSettings.class.getRecordComponents())
                .map(RecordComponent::getName)
                .collect(Collectors.toSet());
        Set<String> remote = Settings.ALL.stream()
                .filter(s -> !"no".equals(s.fromCollector()))
                .map(Setting::key)
                // The agent's "profiles" is the collector's "profileTypes" (its API name since the first version).
                .map(key -> key.equals(Settings.PROFILES.key()) ? "profileTypes" : key)
                .collect(Collectors.toSet());

        assertThat(fields).containsAll(remote);
    }
}
