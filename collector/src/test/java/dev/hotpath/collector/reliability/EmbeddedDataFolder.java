package dev.hotpath.collector.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;

/** What a test reads in a collector's data folder about its embedded PostgreSQL: postmaster pid, port, password. */
final class EmbeddedDataFolder {

    private EmbeddedDataFolder() {}

    /** The running postmaster's pid, from line 1 of postmaster.pid; 0 when there is none (server stopped). */
    static long postmasterPid(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        return Files.exists(pidFile)
                ? Long.parseLong(Files.readAllLines(pidFile).get(0).trim())
                : 0;
    }

    /** A connection to the running server: its port is line 4 of postmaster.pid, its password in the data folder. */
    static Connection connect(Path dataDir) throws Exception {
        List<String> pidFile = Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid"));
        String password = Files.readString(dataDir.resolve("postgres-password")).trim();
        return DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + pidFile.get(3).trim() + "/postgres", "postgres", password);
    }
}
