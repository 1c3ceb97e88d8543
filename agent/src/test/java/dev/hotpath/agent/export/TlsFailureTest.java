package dev.hotpath.agent.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.ConnectException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.Test;

class TlsFailureTest {

    @Test
    void describe_untrustedCertificateDeepInTheChain_namesItAndPointsAtCaFile() {
        SSLHandshakeException handshake = new SSLHandshakeException("PKIX path building failed");
        handshake.initCause(new CertificateException("chain", new CertPathValidatorException("no trust anchor")));

        String line = TlsFailure.describe(handshake);

        assertThat(line)
                .startsWith("the collector's certificate is not trusted (")
                .endsWith("); set caFile=PATH to the PEM of the CA that signed it");
    }

    @Test
    void describe_hostnameMismatch_keepsTheTlsMessage() {
        String line = TlsFailure.describe(new SSLPeerUnverifiedException("Cannot verify hostname: 127.0.0.1"));

        assertThat(line).isEqualTo("Cannot verify hostname: 127.0.0.1");
    }

    @Test
    void describe_notATlsProblem_isNull() {
        StatusRuntimeException refused =
                Status.UNAVAILABLE.withCause(new ConnectException("refused")).asRuntimeException();

        assertThat(TlsFailure.describe(refused.getCause())).isNull();
        assertThat(TlsFailure.describe(null)).isNull();
    }
}
