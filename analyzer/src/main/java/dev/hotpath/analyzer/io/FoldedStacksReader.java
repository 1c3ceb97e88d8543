package dev.hotpath.analyzer.io;

import dev.hotpath.analyzer.profile.SampleSet;
import dev.hotpath.analyzer.profile.StackSample;
import dev.hotpath.analyzer.profile.ThreadStates;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads folded ("collapsed") stacks, one per line: {@code root;caller;leaf count}. Blank lines and lines starting
 * with {@code #} are skipped; thread state is not part of the format, so every sample is {@code UNKNOWN}.
 */
public final class FoldedStacksReader {
    private FoldedStacksReader() {}

    /** Reads all lines as samples of {@code type} measured in {@code unit}. */
    public static SampleSet read(Reader reader, String type, String unit) throws IOException {
        List<StackSample> samples = new ArrayList<>();
        // Frame names repeat on almost every line; one String per distinct name keeps big files in memory.
        Map<String, String> names = new HashMap<>();
        BufferedReader lines = new BufferedReader(reader);
        String line;
        int number = 0;
        while ((line = lines.readLine()) != null) {
            number++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            samples.add(parse(trimmed, number, names));
        }
        return new SampleSet(type, unit, 0, samples);
    }

    private static StackSample parse(String line, int number, Map<String, String> names) {
        int space = line.lastIndexOf(' ');
        if (space <= 0) {
            throw new IllegalArgumentException("folded stacks line " + number
                    + ": expected 'frame;frame;... count', got '" + abbreviate(line) + "'");
        }
        long value;
        try {
            value = Long.parseLong(line.substring(space + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("folded stacks line " + number + ": count '" + line.substring(space + 1)
                    + "' is not a whole number");
        }
        if (value < 0) {
            throw new IllegalArgumentException("folded stacks line " + number + ": count " + value + " is negative");
        }
        String[] frames = line.substring(0, space).strip().split(";");
        for (int i = 0; i < frames.length; i++) {
            if (frames[i].isEmpty()) {
                throw new IllegalArgumentException(
                        "folded stacks line " + number + ": empty frame in '" + abbreviate(line) + "'");
            }
            frames[i] = names.computeIfAbsent(frames[i], f -> f);
        }
        return new StackSample(frames, ThreadStates.UNKNOWN, value);
    }

    private static String abbreviate(String line) {
        return line.length() <= 120 ? line : line.substring(0, 117) + "...";
    }
}
