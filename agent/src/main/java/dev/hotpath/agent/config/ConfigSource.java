package dev.hotpath.agent.config;

import java.io.IOException;
import java.util.Properties;

/** Where settings come from besides agent arguments; tests inject their own. */
public interface ConfigSource {

    /** A system property, or null. */
    String systemProperty(String name);

    /** An environment variable, or null. */
    String environment(String name);

    /** The properties file at {@code path}. */
    Properties propertiesFile(String path) throws IOException;

    /**
     * Who besides its owner may read the file at {@code path}, e.g. "group and others (rw-r--r--)";
     * "" when nobody may, or where the file system has no POSIX permissions to tell.
     */
    String readersBesidesOwner(String path) throws IOException;

    /** Implementation-Version of the main jar when the JVM was started with {@code -jar}, else "". */
    String mainJarVersion();

    /** The running JVM's system properties, environment and files. */
    static ConfigSource system() {
        return new SystemConfigSource();
    }
}
