package dev.hotpath.analyzer.rules;

import java.util.regex.Pattern;

/**
 * A frame name pattern as written in the catalogue: a literal prefix ending at a name boundary, with {@code *}
 * matching any run of characters. {@code java.lang.Integer.valueOf} matches {@code java.lang.Integer.valueOf},
 * {@code java.lang.Integer.valueOf(I)Ljava/lang/Integer;} and {@code java.lang.Integer.valueOf_[j]}, not
 * {@code java.lang.Integer.valueOfX}.
 */
final class FramePattern {
    // What may follow a method name: a signature, a line number, an async-profiler annotation, or a space.
    private static final String BOUNDARY = "(?:$|[(:_ \\[].*)";

    private final String text;
    private final Pattern regex;

    private FramePattern(String text, Pattern regex) {
        this.text = text;
        this.regex = regex;
    }

    static FramePattern of(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a frame pattern must not be blank");
        }
        StringBuilder regex = new StringBuilder();
        String[] parts = text.split("\\*", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            if (!parts[i].isEmpty()) {
                regex.append(Pattern.quote(parts[i]));
            }
        }
        return new FramePattern(text, Pattern.compile(regex + BOUNDARY, Pattern.DOTALL));
    }

    boolean matches(String frame) {
        return regex.matcher(frame).matches();
    }

    @Override
    public String toString() {
        return text;
    }
}
