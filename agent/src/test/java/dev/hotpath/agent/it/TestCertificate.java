package dev.hotpath.agent.it;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;

/** A self-signed server certificate for 127.0.0.1 and localhost, made by keytool at test time. */
final class TestCertificate {
    private static final char[] PASSWORD = "hotpath-test".toCharArray();

    private final Path keyStore;
    private final Path pem;

    private TestCertificate(Path keyStore, Path pem) {
        this.keyStore = keyStore;
        this.pem = pem;
    }

    /** Generates a new key pair and certificate in {@code dir}; each call gives a different one. */
    static TestCertificate generate(Path dir, String name) throws IOException, InterruptedException {
        Path keyStore = dir.resolve(name + ".p12");
        Path pem = dir.resolve(name + ".pem");
        keytool(
                "-genkeypair",
                "-alias",
                "collector",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-validity",
                "2",
                "-dname",
                "CN=" + name,
                "-ext",
                "san=ip:127.0.0.1,dns:localhost",
                "-storetype",
                "PKCS12",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                new String(PASSWORD));
        keytool(
                "-exportcert",
                "-rfc",
                "-alias",
                "collector",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                new String(PASSWORD),
                "-file",
                pem.toString());
        return new TestCertificate(keyStore, pem);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(Arrays.asList(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }

    /** The certificate as PEM: what an agent's caFile names to trust this server. */
    Path pem() {
        return pem;
    }

    KeyManager[] keyManagers() {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD);
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, PASSWORD);
            return factory.getKeyManagers();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the test key store " + keyStore, e);
        }
    }
}
