package dev.hotpath.collector.web;

import dev.hotpath.collector.config.CollectorConfig;
import dev.hotpath.collector.groups.AgentTokens;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The REST API's bearer token: hotpath.admin-token when set, otherwise one generated at first start and kept in
 * the data folder, created readable only by the collector's user; never logged.
 */
@Singleton
public class AdminToken {

    private static final Logger LOG = Logger.getLogger(AdminToken.class);
    static final String FILE_NAME = "admin-token";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final byte[] hash;

    AdminToken(CollectorConfig config) {
        this.hash = AgentTokens.hash(config.adminToken()
                .filter(t -> !t.isBlank())
                .orElseGet(() -> storedOrCreated(Path.of(config.dataDir()).resolve(FILE_NAME))));
    }

    boolean matches(String token) {
        return MessageDigest.isEqual(hash, AgentTokens.hash(token));
    }

    private static String storedOrCreated(Path file) {
        try {
            if (Files.exists(file)) {
                refuseIfOthersMayRead(file);
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            String token = AgentTokens.generate();
            // Created 0600 in one step: there is no moment when another user could open it.
            try (SeekableByteChannel out = Files.newByteChannel(
                    file,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY))) {
                out.write(ByteBuffer.wrap((token + "\n").getBytes(StandardCharsets.UTF_8)));
            }
            // The token itself never goes to the log, which more people and systems read than the data folder.
            LOG.infof(
                    "Generated the REST API admin token; it is kept in %s (readable only by this user)",
                    file.toAbsolutePath());
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read or create the admin token file " + file
                            + " (set hotpath.admin-token / HOTPATH_ADMIN_TOKEN instead)",
                    e);
        }
    }

    private static void refuseIfOthersMayRead(Path file) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (permissions.contains(PosixFilePermission.GROUP_READ)
                || permissions.contains(PosixFilePermission.OTHERS_READ)) {
            throw new IllegalStateException("the admin token file " + file.toAbsolutePath() + " is readable by other "
                    + "users (" + PosixFilePermissions.toString(permissions) + "): run chmod 600 on it, or delete it "
                    + "to have a new token generated");
        }
    }
}
