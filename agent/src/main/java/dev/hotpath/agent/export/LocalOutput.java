package dev.hotpath.agent.export;

import com.google.protobuf.TextFormat;
import dev.hotpath.proto.v1.Report;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPOutputStream;

/**
 * Writes each report to a directory: {@code <name>.pb.gz} (the gzipped pprof Profile, which pprof
 * tools open) and {@code <name>.txtpb} (the rest of the Report in protobuf text format).
 */
public final class LocalOutput {
    private final Path directory;

    public LocalOutput(Path directory) {
        this.directory = directory;
    }

    /** Writes {@code report}; each file appears complete or not at all. */
    public void write(Report report) throws IOException {
        Files.createDirectories(directory);
        String name = "hotpath-" + report.getWindowStartEpochMillis() + "-" + report.getReportId();
        Path profile = directory.resolve(name + ".pb.gz");
        Path profileTmp = directory.resolve(name + ".pb.gz.tmp");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(profileTmp))) {
            report.getProfile().writeTo(out);
        }
        Path metadata = directory.resolve(name + ".txtpb");
        Path metadataTmp = directory.resolve(name + ".txtpb.tmp");
        try (Writer out = Files.newBufferedWriter(metadataTmp, StandardCharsets.UTF_8)) {
            TextFormat.printer().print(report.toBuilder().clearProfile(), out);
        }
        // Metadata last: a reader that sees the .txtpb finds the profile beside it.
        Files.move(profileTmp, profile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Files.move(metadataTmp, metadata, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
