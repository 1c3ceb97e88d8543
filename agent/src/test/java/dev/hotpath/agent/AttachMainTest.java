package dev.hotpath.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AttachMainTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream original;

    @BeforeEach
    void captureStderr() {
        original = System.err;
        System.setErr(new PrintStream(err, true));
    }

    @AfterEach
    void restoreStderr() {
        System.setErr(original);
    }

    private String stderr() {
        return new String(err.toByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void run_noArguments_printsUsageAndReturnsTwo() {
        assertThat(AttachMain.run(new String[0])).isEqualTo(2);
        assertThat(stderr()).contains("usage: java -jar hotpath-agent.jar attach PID [key=value,...]");
    }

    @Test
    void run_pidNotANumber_namesTheBadPid() {
        assertThat(AttachMain.run(new String[] {"attach", "my-app"})).isEqualTo(2);
        assertThat(stderr()).contains("PID must be a process id (digits), not 'my-app'");
    }

    @Test
    void run_settingsInPlaceOfThePid_neverEchoesThem() {
        assertThat(AttachMain.run(new String[] {"attach", "collector=https://h:8443,token=s3cret"}))
                .isEqualTo(2);
        assertThat(stderr())
                .contains("PID must be a process id (digits), not settings")
                .doesNotContain("s3cret");
    }

    @Test
    void attached_argumentsWithAToken_namesTheKeysOnly() {
        assertThat(AttachMain.attached("4242", "collector=https://h:8443,token=s3cret"))
                .isEqualTo("hotpath: agent attached to 4242 with settings [collector, token]");
    }

    @Test
    void run_outsideTheAgentJar_refusesWithOneLine() {
        assertThat(AttachMain.run(new String[] {"attach", "1", "output=/tmp/x"}))
                .isEqualTo(1);
        assertThat(stderr()).contains("attach must run from hotpath-agent.jar");
    }
}
