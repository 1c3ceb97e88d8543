package dev.hotpath.collector.analysis;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Which addresses a webhook may reach: public unicast ones, plus loopback and private ones when the collector
 * allows destinations inside its own network; link-local (cloud metadata), multicast and reserved ones never.
 */
final class WebhookAddress {

    static final String ALLOW_KEY = "hotpath.webhooks.allow-private-destinations";

    private WebhookAddress() {}

    /** A destination the collector will not connect to, with the reason. */
    static final class Refused extends IOException {
        Refused(String message) {
            super(message);
        }
    }

    /** Looks a host name up: InetAddress::getAllByName, or a fake one in tests. */
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /**
     * Every address {@code host} resolves to (one lookup), each checked; the caller connects to these and never
     * looks the name up again, so a second DNS answer (rebinding) cannot swap in another address.
     */
    static InetAddress[] resolve(String host, boolean allowPrivate) throws UnknownHostException, Refused {
        return resolve(host, allowPrivate, InetAddress::getAllByName);
    }

    static InetAddress[] resolve(String host, boolean allowPrivate, Resolver resolver)
            throws UnknownHostException, Refused {
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            refuseAmbiguous(host, null);
            throw e;
        }
        for (InetAddress address : addresses) {
            String refusal = refusal(address, allowPrivate);
            if (refusal != null) {
                // One bad address refuses the name: a client picking "the public one" could be handed the other.
                String ip = address.getHostAddress();
                throw new Refused("refused: "
                        + (ip.equalsIgnoreCase(host) ? host + " is " : host + " resolves to " + ip + ", ") + refusal);
            }
        }
        refuseAmbiguous(host, addresses);
        return addresses;
    }

    /**
     * Refuses IPv4 addresses written other than as four decimal numbers (2130706433, 0177.0.0.1, 127.1, 0x7f.0.0.1):
     * Java reads 0177 as decimal 177 where curl and browsers read octal 127, so what a user checks and what the
     * collector reaches could differ.
     */
    private static void refuseAmbiguous(String host, InetAddress[] addresses) throws Refused {
        String[] labels = (host.endsWith(".") ? host.substring(0, host.length() - 1) : host).split("\\.", -1);
        boolean numeric = true;
        boolean canonical = labels.length == 4;
        for (String label : labels) {
            numeric &= label.matches("(?i)0x[0-9a-f]*|[0-9]+");
            canonical &= label.matches("0|[1-9][0-9]{0,2}") && Integer.parseInt(label) <= 255;
        }
        if (numeric && !canonical) {
            throw new Refused("refused: " + host + " is an IPv4 address in a form tools read differently"
                    + (addresses == null || addresses.length == 0
                            ? ""
                            : " (here: " + addresses[0].getHostAddress() + ")")
                    + "; write it as four decimal numbers, like 203.0.113.7");
        }
    }

    /** Why the collector will not connect to {@code address}, or null when it may. */
    static String refusal(InetAddress address, boolean allowPrivate) {
        Kind kind = kind(address);
        if (kind == Kind.PUBLIC) {
            return null;
        }
        if (!kind.privateNetwork) {
            return kind.description + ", never a webhook destination";
        }
        return allowPrivate
                ? null
                : kind.description + "; webhooks go to public addresses only unless " + ALLOW_KEY
                        + "=true (for webhooks inside your own network)";
    }

    private enum Kind {
        PUBLIC(null, false),
        UNSPECIFIED("an unspecified address (0.0.0.0/8 or ::, which reaches this host)", true),
        LOOPBACK("a loopback address", true),
        PRIVATE("a private address (10/8, 172.16/12, 192.168/16, 192.0.0/24)", true),
        SHARED("a carrier-grade NAT address (100.64/10)", true),
        UNIQUE_LOCAL("a unique-local or site-local IPv6 address (fc00::/7, fec0::/10)", true),
        LINK_LOCAL("a link-local address (169.254/16, fe80::/10: cloud metadata services live there)", false),
        MULTICAST("a multicast address", false),
        RESERVED("a reserved or broadcast address (240/4)", false);

        final String description;
        final boolean privateNetwork;

        Kind(String description, boolean privateNetwork) {
            this.description = description;
            this.privateNetwork = privateNetwork;
        }
    }

    private static Kind kind(InetAddress address) {
        if (address instanceof Inet4Address) {
            return kind4(address.getAddress());
        }
        byte[] b = address.getAddress();
        byte[] embedded = embeddedIpv4((Inet6Address) address, b);
        if (embedded != null) {
            return kind4(embedded);
        }
        if (address.isAnyLocalAddress()) {
            return Kind.UNSPECIFIED;
        }
        if (address.isLoopbackAddress()) {
            return Kind.LOOPBACK;
        }
        if (address.isLinkLocalAddress()) {
            return Kind.LINK_LOCAL;
        }
        if (address.isMulticastAddress()) {
            return Kind.MULTICAST;
        }
        if ((b[0] & 0xfe) == 0xfc || address.isSiteLocalAddress()) {
            return Kind.UNIQUE_LOCAL;
        }
        return Kind.PUBLIC;
    }

    /**
     * The IPv4 address inside IPv4-compatible (::a.b.c.d), IPv4-mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::/96)
     * and 6to4 (2002::/16) forms, which reach that IPv4 address; null for other IPv6 addresses.
     */
    private static byte[] embeddedIpv4(Inet6Address address, byte[] b) {
        boolean zeros80 = true;
        for (int i = 0; i < 10; i++) {
            zeros80 &= b[i] == 0;
        }
        boolean mapped = zeros80 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        // :: and ::1 are IPv4-compatible by the bit pattern, but they are the IPv6 unspecified and loopback.
        boolean compatible =
                address.isIPv4CompatibleAddress() && !address.isAnyLocalAddress() && !address.isLoopbackAddress();
        boolean nat64 = b[0] == 0
                && b[1] == 0x64
                && (b[2] & 0xff) == 0xff
                && (b[3] & 0xff) == 0x9b
                && b[4] == 0
                && b[5] == 0
                && b[6] == 0
                && b[7] == 0
                && b[8] == 0
                && b[9] == 0
                && b[10] == 0
                && b[11] == 0;
        if (mapped || compatible || nat64) {
            return new byte[] {b[12], b[13], b[14], b[15]};
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return new byte[] {b[2], b[3], b[4], b[5]};
        }
        return null;
    }

    private static Kind kind4(byte[] b) {
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if (first == 0) {
            return Kind.UNSPECIFIED;
        }
        if (first == 127) {
            return Kind.LOOPBACK;
        }
        if (first == 169 && second == 254) {
            return Kind.LINK_LOCAL;
        }
        if (first == 10
                || (first == 172 && (second & 0xf0) == 16)
                || (first == 192 && second == 168)
                || (first == 192 && second == 0 && b[2] == 0)) {
            return Kind.PRIVATE;
        }
        if (first == 100 && (second & 0xc0) == 64) {
            return Kind.SHARED;
        }
        if (first >= 224 && first < 240) {
            return Kind.MULTICAST;
        }
        if (first >= 240) {
            return Kind.RESERVED;
        }
        return Kind.PUBLIC;
    }
}
