package dev.hotpath.collector.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.ConfigValue;
import org.junit.jupiter.api.Test;

/** The embedded database's durability setting, read before the config mapping exists. */
class EmbeddedDatabaseConfigFactoryTest {

    private static ConfigValue value(String text) {
        return ConfigValue.builder()
                .withName(CollectorConfig.EMBEDDED_LOSE_RECENT_REPORTS_KEY)
                .withValue(text)
                .build();
    }

    @Test
    void loseRecentReportsOnCrash_unset_durable() {
        assertThat(EmbeddedDatabaseConfigFactory.loseRecentReportsOnCrash(null)).isFalse();
        assertThat(Durability.of(EmbeddedDatabaseConfigFactory.loseRecentReportsOnCrash(value(" "))))
                .isEqualTo(Durability.DURABLE);
    }

    @Test
    void loseRecentReportsOnCrash_trueInAnyCase_optedIn() {
        assertThat(EmbeddedDatabaseConfigFactory.loseRecentReportsOnCrash(value("TRUE")))
                .isTrue();
        assertThat(EmbeddedDatabaseConfigFactory.loseRecentReportsOnCrash(value("false")))
                .isFalse();
    }

    @Test
    void loseRecentReportsOnCrash_typo_refusedNamingKeyAndValue() {
        assertThatThrownBy(() -> EmbeddedDatabaseConfigFactory.loseRecentReportsOnCrash(value("yes please")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "hotpath.embedded-database.lose-recent-reports-on-crash is 'yes please': use true or false");
    }
}
