package dev.hotpath.collector.web;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Logs one line at start: where the UI and API are and how to point an agent here. */
@Singleton
class StartupBanner {

    private static final Logger LOG = Logger.getLogger(StartupBanner.class);

    // Injecting the admin token here creates it at start, so a generated one is printed before the banner.
    void onStart(@Observes StartupEvent event, AdminToken adminToken,
            @ConfigProperty(name = "quarkus.http.port") int port) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        LOG.infof("Hotpath collector ready: UI http://%s:%d/ , REST API http://%s:%d/api/v1 (Bearer admin token); "
                        + "connect an agent with -javaagent:hotpath-agent.jar=collector=%s:%d,group=NAME,token=TOKEN "
                        + "after POST /api/v1/groups {\"name\":\"NAME\"} returns the group's token",
                host, port, host, port, host, port);
    }
}
