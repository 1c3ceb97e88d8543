package dev.hotpath.agent.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StderrLogTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true);

    private String[] lines() {
        return new String(bytes.toByteArray(), StandardCharsets.UTF_8).split("\\R");
    }

    @Test
    void warn_sameProblemRepeated_printsOnceWithinTheQuietPeriod() {
        StderrLog log = new StderrLog(out, 60_000);

        log.warn("export", "cannot send");
        log.warn("export", "cannot send");
        log.warn("config", "cannot read configuration");

        assertThat(lines()).containsExactly("hotpath: cannot send", "hotpath: cannot read configuration");
    }

    @Test
    void warn_afterTheQuietPeriod_printsAgainWithTheSuppressedCount() {
        StderrLog log = new StderrLog(out, 0);
        StderrLog quiet = new StderrLog(out, Long.MAX_VALUE);
        quiet.warn("x", "first");
        quiet.warn("x", "hidden");

        log.warn("export", "cannot send");
        log.warn("export", "cannot send");

        assertThat(lines()).containsExactly("hotpath: first", "hotpath: cannot send", "hotpath: cannot send");
    }

    @Test
    void infoAndWarn_messageWithLineBreaks_printOneLineEach() {
        StderrLog log = new StderrLog(out, 60_000);

        log.info("status CANCELLED:\n  Cancelled\r\n");
        log.warn("x", "first\nsecond");

        assertThat(lines()).containsExactly("hotpath: status CANCELLED: Cancelled ", "hotpath: first second");
    }
}
