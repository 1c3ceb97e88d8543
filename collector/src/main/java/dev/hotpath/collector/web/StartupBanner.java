package dev.hotpath.collector.web;

import dev.hotpath.collector.config.CollectorConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Logs one line at start: where the UI is, which token signs in, and how to point an agent here. */
@Singleton
class StartupBanner {

    private static final Logger LOG = Logger.getLogger(StartupBanner.class);

    // Injecting the admin token here creates it at start, so a generated one is printed before the banner.
    void onStart(
            @Observes StartupEvent event,
            AdminToken adminToken,
            CollectorConfig config,
            @ConfigProperty(name = "quarkus.http.port") int port,
            @ConfigProperty(name = "quarkus.http.ssl-port") int sslPort) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        String token = config.adminToken().filter(t -> !t.isBlank()).isPresent()
                ? "HOTPATH_ADMIN_TOKEN"
                : Path.of(config.dataDir())
                        .resolve(AdminToken.FILE_NAME)
                        .toAbsolutePath()
                        .toString();
        // The agent refuses plaintext to another host unless told insecure=true, so the line says which it needs.
        boolean tls = tlsConfigured();
        String address = tls ? "https://" + host + ":" + sslPort : "http://" + host + ":" + port;
        String agentOptions =
                tls ? "collector=" + address + ",caFile=CA.pem" : "collector=" + address + ",insecure=true";
        // The agent token goes in HOTPATH_TOKEN: on the -javaagent line every user of ps would see it.
        LOG.infof(
                "Hotpath collector ready: UI %s/ (sign in with the admin token, %s); agents: create a "
                        + "group in the UI or with POST /api/v1/groups, then set HOTPATH_TOKEN=GROUP_TOKEN and "
                        + "-javaagent:hotpath-agent.jar=%s,group=NAME%s",
                address,
                token,
                agentOptions,
                tls ? " (caFile only for a private CA)" : " (plaintext: configure TLS for production)");
    }

    private static boolean tlsConfigured() {
        Config config = ConfigProvider.getConfig();
        return config.getOptionalValue("quarkus.tls.key-store.pem.0.cert", String.class)
                        .isPresent()
                || config.getOptionalValue("quarkus.tls.key-store.p12.path", String.class)
                        .isPresent()
                || config.getOptionalValue("quarkus.http.ssl.certificate.files", String.class)
                        .isPresent();
    }
}
