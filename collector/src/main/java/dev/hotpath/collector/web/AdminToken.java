package dev.hotpath.collector.web;

import dev.hotpath.collector.config.CollectorConfig;
import dev.hotpath.collector.groups.AgentTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * The REST API's bearer token: hotpath.admin-token when set, otherwise one generated at first start and kept in
 * the data folder (printed once, when it is created).
 */
@Singleton
public class AdminToken {

    private static final Logger LOG = Logger.getLogger(AdminToken.class);
    static final String FILE_NAME = "admin-token";

    private final byte[] hash;

    AdminToken(CollectorConfig config) {
        this.hash = AgentTokens.hash(config.adminToken().filter(t -> !t.isBlank())
                .orElseGet(() -> storedOrCreated(Path.of(config.dataDir()).resolve(FILE_NAME))));
    }

    boolean matches(String token) {
        return MessageDigest.isEqual(hash, AgentTokens.hash(token));
    }

    private static String storedOrCreated(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            String token = AgentTokens.generate();
            Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            LOG.infof("Generated the REST API admin token (shown once, kept in %s): %s", file.toAbsolutePath(), token);
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the admin token file " + file
                    + " (set hotpath.admin-token / HOTPATH_ADMIN_TOKEN instead)", e);
        }
    }
}
