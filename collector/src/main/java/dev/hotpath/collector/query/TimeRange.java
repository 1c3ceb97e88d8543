package dev.hotpath.collector.query;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A query's [from, to): ISO-8601 instants, "now", or times relative to now like -1h, -30m, -2d (default: last hour). */
record TimeRange(Instant from, Instant to) {

    private static final Pattern RELATIVE = Pattern.compile("-(\\d{1,9})(s|m|h|d)");
    private static final Duration DEFAULT_LENGTH = Duration.ofHours(1);

    static TimeRange parse(String fromText, String toText, Instant now, String fromName, String toName) {
        Instant to = blank(toText) ? now : instant(toText, now, toName);
        Instant from = blank(fromText) ? to.minus(DEFAULT_LENGTH) : instant(fromText, now, fromName);
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException(fromName + " (" + from + ") must be before " + toName + " (" + to + ")");
        }
        return new TimeRange(from, to);
    }

    Duration length() {
        return Duration.between(from, to);
    }

    /** This range, or an exception naming both parameters, the limit and {@code setting} when it is longer. */
    TimeRange atMost(Duration max, String fromName, String toName, String setting) {
        if (length().compareTo(max) > 0) {
            throw new IllegalArgumentException(fromName + " .. " + toName + " spans " + text(length())
                    + ", longer than the " + text(max) + " a query may read (" + setting + ")");
        }
        return this;
    }

    /** A length as the settings write it: 31d, 6h, 1h30m, 45s, 250ms. */
    static String text(Duration length) {
        if (length.toMillis() % 1_000 != 0) {
            return length.toMillis() + "ms";
        }
        long seconds = length.toSeconds();
        StringBuilder text = new StringBuilder();
        long[] units = {86_400, 3_600, 60, 1};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (seconds >= units[i]) {
                text.append(seconds / units[i]).append(names[i]);
                seconds %= units[i];
            }
        }
        return text.isEmpty() ? "0s" : text.toString();
    }

    private static Instant instant(String text, Instant now, String name) {
        String trimmed = text.trim();
        if (trimmed.equals("now")) {
            return now;
        }
        Matcher relative = RELATIVE.matcher(trimmed);
        if (relative.matches()) {
            long amount = Long.parseLong(relative.group(1));
            Duration unit = switch (relative.group(2)) {
                case "s" -> Duration.ofSeconds(1);
                case "m" -> Duration.ofMinutes(1);
                case "h" -> Duration.ofHours(1);
                default -> Duration.ofDays(1);
            };
            return now.minus(unit.multipliedBy(amount));
        }
        try {
            return OffsetDateTime.parse(trimmed).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    name + " = '" + text
                            + "' is neither an ISO-8601 instant (2026-01-31T14:00:00Z), 'now', nor relative like -1h, -30m, -2d");
        }
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
