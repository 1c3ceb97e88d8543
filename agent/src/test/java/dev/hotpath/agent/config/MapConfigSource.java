package dev.hotpath.agent.config;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/** A ConfigSource from maps, for tests. */
final class MapConfigSource implements ConfigSource {
    final Map<String, String> properties = new HashMap<>();
    final Map<String, String> environment = new HashMap<>();
    final Map<String, Properties> files = new HashMap<>();
    /** readersBesidesOwner by path; "" (owner only) when absent. */
    final Map<String, String> readers = new HashMap<>();

    String mainJarVersion = "";

    @Override
    public String systemProperty(String name) {
        return properties.get(name);
    }

    @Override
    public String environment(String name) {
        return environment.get(name);
    }

    @Override
    public Properties propertiesFile(String path) throws IOException {
        Properties file = files.get(path);
        if (file == null) {
            throw new NoSuchFileException(path);
        }
        return file;
    }

    @Override
    public String readersBesidesOwner(String path) {
        return readers.getOrDefault(path, "");
    }

    @Override
    public String mainJarVersion() {
        return mainJarVersion;
    }
}
