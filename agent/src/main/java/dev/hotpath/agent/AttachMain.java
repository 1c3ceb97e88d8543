package dev.hotpath.agent;

import dev.hotpath.agent.config.AgentConfig;
import java.io.File;
import java.net.URISyntaxException;
import net.bytebuddy.agent.ByteBuddyAgent;

/** {@code java -jar hotpath-agent.jar attach PID [key=value,...]}: loads this agent into a running JVM. */
public final class AttachMain {
    private static final String USAGE = "usage: java -jar hotpath-agent.jar attach PID [key=value,...]";

    private AttachMain() {}

    public static void main(String[] args) {
        int status = run(args);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** The success line; keys only, since the values may hold the token. */
    static String attached(String pid, String agentArgs) {
        return "hotpath: agent attached to " + pid
                + (agentArgs.isEmpty() ? "" : " with settings " + AgentConfig.argumentKeys(agentArgs));
    }

    /** Attaches as {@code args} say; returns the process exit status, printing one line on failure. */
    static int run(String[] args) {
        if (args.length < 2 || args.length > 3 || !"attach".equals(args[0])) {
            System.err.println(USAGE);
            return 2;
        }
        String pid = args[1];
        if (!pid.matches("[0-9]+")) {
            // Settings in place of the PID may hold the token: never echoed.
            System.err.println("hotpath: PID must be a process id (digits), not "
                    + (pid.contains("=") ? "settings" : "'" + pid + "'") + "; " + USAGE);
            return 2;
        }
        String agentArgs = args.length == 3 ? args[2] : "";
        try {
            File jar = new File(AttachMain.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            if (!jar.isFile()) {
                System.err.println("hotpath: attach must run from hotpath-agent.jar, not " + jar);
                return 1;
            }
            ByteBuddyAgent.attach(jar, pid, agentArgs);
            System.out.println(attached(pid, agentArgs));
            return 0;
        } catch (URISyntaxException | RuntimeException e) {
            System.err.println("hotpath: cannot attach to " + pid + ": " + e);
            return 1;
        }
    }
}
