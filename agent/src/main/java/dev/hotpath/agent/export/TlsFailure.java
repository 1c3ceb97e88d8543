package dev.hotpath.agent.export;

import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;

/** Turns a TLS error buried in a gRPC status into one line an operator can act on. */
final class TlsFailure {
    private TlsFailure() {}

    /** What went wrong with TLS in {@code cause}'s chain, with a hint; null when TLS is not the problem. */
    static String describe(Throwable cause) {
        boolean tls = false;
        boolean untrusted = false;
        String message = null;
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SSLException || t instanceof CertificateException) {
                tls = true;
                message = t.getMessage();
            }
            if (t instanceof CertPathValidatorException
                    || t.getClass().getName().endsWith("SunCertPathBuilderException")) {
                untrusted = true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        if (!tls) {
            return null;
        }
        if (untrusted) {
            return "the collector's certificate is not trusted (" + message + "); set caFile=PATH to the PEM of the CA"
                    + " that signed it";
        }
        return String.valueOf(message);
    }
}
