package dev.hotpath.agent.report;

import dev.hotpath.agent.config.ConfigSource;
import dev.hotpath.proto.v1.InstanceIdentity;
import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.net.InetAddress;

/** Who this JVM is, for every report and configuration request. */
public final class InstanceIdentityReader {
    private InstanceIdentityReader() {}

    /** Reads the identity; resolving the host name may take a DNS round trip, so call it off the host's threads. */
    public static InstanceIdentity read(ConfigSource source, String agentVersion, String appVersion) {
        RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
        String name = runtime.getName();
        int at = name.indexOf('@');
        long pid = -1;
        try {
            pid = Long.parseLong(at > 0 ? name.substring(0, at) : name);
        } catch (NumberFormatException e) {
            // The name format is JVM-specific; the pid stays unknown.
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = at > 0 ? name.substring(at + 1) : "unknown";
        }
        return InstanceIdentity.newBuilder()
                .setHost(host)
                .setPid(pid)
                .setStartTimeEpochMillis(runtime.getStartTime())
                .setJvmVersion(orEmpty(source.systemProperty("java.version")))
                .setJvmVendor(orEmpty(source.systemProperty("java.vendor")))
                .setAgentVersion(agentVersion)
                .setAppVersion(appVersion)
                .setOs(orEmpty(source.systemProperty("os.name")) + "/" + orEmpty(source.systemProperty("os.arch")))
                .setAvailableProcessors(Runtime.getRuntime().availableProcessors())
                .build();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
