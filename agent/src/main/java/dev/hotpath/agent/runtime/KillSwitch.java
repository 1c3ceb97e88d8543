package dev.hotpath.agent.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The killSwitchFile setting: sampling is off while that file exists. */
final class KillSwitch {
    private final Path file;
    private boolean on;

    /** @param path the file to watch; empty = no kill switch */
    KillSwitch(String path) {
        this.file = path.isEmpty() ? null : Paths.get(path);
        check();
    }

    boolean configured() {
        return file != null;
    }

    /** The state seen by the last {@link #check}. */
    boolean on() {
        return on;
    }

    /** Looks for the file again and returns whether it exists. */
    boolean check() {
        // Any doubt (a directory we may not read, a security manager saying no) leaves profiling off:
        // the switch is there to stop us.
        try {
            on = file != null && !Files.notExists(file);
        } catch (SecurityException e) {
            on = true;
        }
        return on;
    }

    @Override
    public String toString() {
        return String.valueOf(file);
    }
}
