package dev.hotpath.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Function;

/**
 * The "demo" profiling group and its agent token, which the collector shows only at creation: the launcher keeps it
 * in the data folder and reuses it on the next run.
 */
final class DemoGroup {

    static final String NAME = "demo";
    static final String TOKEN_FILE = "demo-agent-token";

    private final CollectorApi api;
    private final Path tokenFile;
    private final Function<Path, String> shown;
    private final PrintStream out;

    DemoGroup(CollectorApi api, Path dataDir, Function<Path, String> shown, PrintStream out) {
        this.api = api;
        this.tokenFile = dataDir.resolve(TOKEN_FILE);
        this.shown = shown;
        this.out = out;
    }

    /**
     * The group's agent token: the saved one when the group exists, a rotated one when the group exists but its
     * token was not saved, else that of a newly created group.
     */
    String agentToken() throws IOException, InterruptedException {
        boolean exists = api.groupExists(NAME);
        if (exists && Files.isRegularFile(tokenFile)) {
            out.println("Group \"" + NAME + "\" exists; reusing its agent token from " + shown.apply(tokenFile) + ".");
            return Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
        }
        String token;
        if (exists) {
            // Its token was shown once and is lost: a new one replaces it, the profiles stay.
            token = api.rotateToken(NAME);
            out.println("Group \"" + NAME + "\" existed without a saved agent token: issued a new one (the old one "
                    + "is revoked, its profiles are kept).");
        } else {
            token = api.createGroup(NAME);
            out.println("Created group \"" + NAME + "\".");
        }
        Files.writeString(tokenFile, token + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
        out.println("Its agent token is kept in " + shown.apply(tokenFile) + ".");
        return token;
    }
}
