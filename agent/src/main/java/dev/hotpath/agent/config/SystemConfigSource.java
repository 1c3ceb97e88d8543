package dev.hotpath.agent.config;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** The only place the agent reads system properties and the environment. */
final class SystemConfigSource implements ConfigSource {

    @Override
    public String systemProperty(String name) {
        return System.getProperty(name);
    }

    @Override
    public String environment(String name) {
        return System.getenv(name);
    }

    @Override
    public Properties propertiesFile(String path) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(Paths.get(path))) {
            properties.load(in);
        }
        return properties;
    }

    @Override
    public String readersBesidesOwner(String path) throws IOException {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(Paths.get(path));
        } catch (UnsupportedOperationException e) {
            // Windows: ACLs, which this check does not read.
            return "";
        }
        boolean group = permissions.contains(PosixFilePermission.GROUP_READ);
        boolean others = permissions.contains(PosixFilePermission.OTHERS_READ);
        if (!group && !others) {
            return "";
        }
        return (group && others ? "group and others" : group ? "group" : "others") + " ("
                + PosixFilePermissions.toString(permissions) + ")";
    }

    @Override
    public String mainJarVersion() {
        // sun.java.command starts with the jar path under -jar; anything else (a class name) has no manifest to read.
        String command = System.getProperty("sun.java.command", "");
        int space = command.indexOf(' ');
        String first = space < 0 ? command : command.substring(0, space);
        if (!first.endsWith(".jar") || !new File(first).isFile()) {
            return "";
        }
        try (JarFile jar = new JarFile(first, false)) {
            Manifest manifest = jar.getManifest();
            String version =
                    manifest == null ? null : manifest.getMainAttributes().getValue("Implementation-Version");
            return version == null ? "" : version;
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
