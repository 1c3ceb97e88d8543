package dev.hotpath.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A token in a real config file, read with the real file permissions (POSIX file systems only). */
class ConfigFilePermissionsTest {
    @TempDir
    Path dir;

    private Path file;

    /** The system's files and permissions, without this JVM's properties and environment (HOTPATH_TOKEN may be set). */
    private final ConfigSource filesOnly = new ConfigSource() {
        private final ConfigSource system = ConfigSource.system();

        @Override
        public String systemProperty(String name) {
            return null;
        }

        @Override
        public String environment(String name) {
            return null;
        }

        @Override
        public Properties propertiesFile(String path) throws IOException {
            return system.propertiesFile(path);
        }

        @Override
        public String readersBesidesOwner(String path) throws IOException {
            return system.readersBesidesOwner(path);
        }

        @Override
        public String mainJarVersion() {
            return "";
        }
    };

    @BeforeEach
    void writeFile() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        file = Files.write(
                dir.resolve("hotpath.properties"), "token=s3cret\ngroup=checkout\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void load_configFileMode600_usesTheToken() throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        AgentConfig config = AgentConfig.load("config=" + file, filesOnly);

        assertThat(config.get(Settings.TOKEN)).isEqualTo("s3cret");
        assertThat(config.problems()).isEmpty();
    }

    @Test
    void load_configFileMode644_refusesTheTokenAndNamesFileModeAndFix() throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        AgentConfig config = AgentConfig.load("config=" + file, filesOnly);

        assertThat(config.get(Settings.TOKEN)).isEmpty();
        assertThat(config.get(Settings.GROUP)).isEqualTo("checkout");
        assertThat(config.problems())
                .containsExactly("config file " + file + " holds the token but is readable by"
                        + " group and others (rw-r--r--): the token is not used and the collector will refuse this agent;"
                        + " run chmod 600 " + file + " (or use HOTPATH_TOKEN)");
    }

    @Test
    void load_configFileMode640_refusesTheTokenNamingTheGroup() throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

        AgentConfig config = AgentConfig.load("config=" + file, filesOnly);

        assertThat(config.get(Settings.TOKEN)).isEmpty();
        assertThat(config.problems())
                .singleElement()
                .asString()
                .contains("readable by group (rw-r-----)")
                .doesNotContain("s3cret");
    }
}
