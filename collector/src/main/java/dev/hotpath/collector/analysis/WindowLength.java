package dev.hotpath.collector.analysis;

import dev.hotpath.collector.web.ApiException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code window} query parameter: the length of the windows a range is cut into, 5m when absent. */
final class WindowLength {

    private static final Pattern LENGTH = Pattern.compile("(\\d{1,4})(m|h)");

    private WindowLength() {}

    /** 400 naming the parameter when the text is not a length like 5m, 15m or 1h. */
    static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            return Duration.ofMinutes(5);
        }
        Matcher matcher = LENGTH.matcher(text.trim());
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
            throw ApiException.badRequest("window = '" + text + "' is not a window length like 5m, 15m or 1h");
        }
        long amount = Long.parseLong(matcher.group(1));
        return matcher.group(2).equals("m") ? Duration.ofMinutes(amount) : Duration.ofHours(amount);
    }
}
