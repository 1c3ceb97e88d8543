package dev.hotpath.analyzer.io;

import dev.hotpath.analyzer.profile.SampleSet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/** Opens a profile file of any supported format, recognised by its first bytes: JFR, pprof, or folded stacks. */
public final class ProfileFiles {
    private static final byte[] JFR_MAGIC = {'F', 'L', 'R', 0};

    private ProfileFiles() {}

    /** The format of {@code file}, from its content (and, for uncompressed pprof, its name). */
    public static Format detect(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "not a readable file");
        }
        byte[] head = new byte[4];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(head, 0, 4);
        }
        if (read == 4 && Arrays.equals(head, JFR_MAGIC)) {
            return Format.JFR;
        }
        if (read >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return Format.PPROF;
        }
        String name = file.getFileName().toString();
        if (name.endsWith(".pb") || name.endsWith(".pprof")) {
            return Format.PPROF;
        }
        return Format.FOLDED;
    }

    /** Reads the samples of {@code type} (cpu, wall, alloc, lock) from {@code file}. */
    public static SampleSet read(Path file, String type) throws IOException {
        switch (detect(file)) {
            case JFR:
                return JfrReader.read(file, type);
            case PPROF:
                try (InputStream in = Files.newInputStream(file)) {
                    return PprofReader.read(in, type);
                }
            default:
                try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    return FoldedStacksReader.read(reader, type, "samples");
                }
        }
    }

    /** The file formats Hotpath reads. */
    public enum Format {
        JFR,
        PPROF,
        FOLDED
    }
}
