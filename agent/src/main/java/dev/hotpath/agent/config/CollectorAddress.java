package dev.hotpath.agent.config;

import java.util.Locale;

/**
 * The collector setting parsed: {@code https://HOST:PORT} is TLS; {@code http://HOST:PORT} and a bare
 * {@code HOST:PORT} are plaintext. IPv6 literals go in brackets ({@code https://[::1]:8080}).
 */
public final class CollectorAddress {
    private final String host;
    private final int port;
    private final boolean tls;

    private CollectorAddress(String host, int port, boolean tls) {
        this.host = host;
        this.port = port;
        this.tls = tls;
    }

    /** Parses {@code raw}, throwing {@link IllegalArgumentException} saying what is wrong. */
    public static CollectorAddress parse(String raw) {
        String rest = raw;
        boolean tls = false;
        String lower = raw.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://")) {
            tls = true;
            rest = raw.substring("https://".length());
        } else if (lower.startsWith("http://")) {
            rest = raw.substring("http://".length());
        } else if (raw.contains("://")) {
            throw new IllegalArgumentException("scheme is not https:// or http://");
        }
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        int colon = rest.lastIndexOf(':');
        if (colon <= 0 || colon == rest.length() - 1 || rest.indexOf('/') >= 0) {
            throw new IllegalArgumentException("not HOST:PORT");
        }
        String host = rest.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("not HOST:PORT");
        }
        int port;
        try {
            port = Integer.parseInt(rest.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port is not a number");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port outside 1..65535");
        }
        return new CollectorAddress(host, port, tls);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** true for https:// addresses. */
    public boolean tls() {
        return tls;
    }

    /**
     * true when the host is written as this machine itself (localhost, 127.x.x.x, ::1). Judged on the
     * text alone: resolving a name here would let DNS decide whether tokens travel in clear.
     */
    public boolean loopback() {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost")
                || h.endsWith(".localhost")
                || h.matches("127(\\.\\d{1,3}){3}")
                || h.equals("::1")
                || h.equals("0:0:0:0:0:0:0:1");
    }
}
