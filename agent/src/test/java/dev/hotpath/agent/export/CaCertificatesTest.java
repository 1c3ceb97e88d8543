package dev.hotpath.agent.export;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaCertificatesTest {
    @TempDir
    Path dir;

    @Test
    void trustManagers_missingFile_namesTheFile() {
        Path missing = dir.resolve("missing.pem");

        assertThatThrownBy(() -> CaCertificates.trustManagers(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot read caFile " + missing + " (java.nio.file.NoSuchFileException");
    }

    @Test
    void trustManagers_notPem_saysItIsNoCertificateFile() throws Exception {
        Path garbage = Files.write(
                dir.resolve("ca.pem"),
                "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n"
                        .getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> CaCertificates.trustManagers(garbage))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("caFile " + garbage + " is not a PEM certificate file (");
    }

    @Test
    void trustManagers_emptyFile_saysItHoldsNoCertificate() throws Exception {
        Path empty = Files.write(dir.resolve("empty.pem"), new byte[0]);

        assertThatThrownBy(() -> CaCertificates.trustManagers(empty))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("caFile " + empty + " holds no certificate");
    }
}
