package dev.hotpath.collector.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookAddressTest {

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1, loopback",
        "127.255.0.9, loopback",
        "::1, loopback",
        "0.0.0.0, unspecified",
        "::, unspecified",
        "0.1.2.3, unspecified",
        "10.1.2.3, private",
        "172.16.0.1, private",
        "172.31.255.255, private",
        "192.168.1.1, private",
        "192.0.0.192, private",
        "100.64.0.1, carrier-grade NAT",
        "100.100.100.200, carrier-grade NAT",
        "fc00::1, unique-local",
        "fd00:ec2::254, unique-local",
        "fec0::1, unique-local",
        "::ffff:127.0.0.1, loopback",
        "::ffff:10.0.0.1, private",
        "::127.0.0.1, loopback",
        "::10.0.0.1, private",
        "64:ff9b::7f00:1, loopback",
        "2002:7f00:1::1, loopback",
        "2002:a9fe:a9fe::1, link-local"
    })
    void refusal_privateKinds_refusedByDefaultAllowedInsideYourNetwork(String address, String reason) throws Exception {
        InetAddress parsed = InetAddress.getByName(address);

        assertThat(WebhookAddress.refusal(parsed, false)).contains(reason);
        if (!reason.equals("link-local")) {
            assertThat(WebhookAddress.refusal(parsed, false)).contains("hotpath.webhooks.allow-private-destinations");
            assertThat(WebhookAddress.refusal(parsed, true)).isNull();
        }
    }

    @ParameterizedTest
    @CsvSource({
        "169.254.169.254, link-local",
        "fe80::1, link-local",
        "::ffff:169.254.169.254, link-local",
        "224.0.0.1, multicast",
        "ff02::1, multicast",
        "240.0.0.1, reserved",
        "255.255.255.255, reserved"
    })
    void refusal_metadataMulticastReserved_refusedEvenInsideYourNetwork(String address, String reason)
            throws Exception {
        InetAddress parsed = InetAddress.getByName(address);

        assertThat(WebhookAddress.refusal(parsed, false)).contains(reason).contains("never a webhook destination");
        assertThat(WebhookAddress.refusal(parsed, true)).contains(reason);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1.1.1.1",
                "8.8.8.8",
                "172.32.0.1",
                "172.15.255.255",
                "100.128.0.1",
                "192.169.0.1",
                "2606:4700:4700::1111",
                "2001:db8::1",
                "::ffff:8.8.8.8"
            })
    void refusal_publicUnicast_allowed(String address) throws Exception {
        assertThat(WebhookAddress.refusal(InetAddress.getByName(address), false))
                .isNull();
    }

    @Test
    void resolve_nameOfLoopback_refusedNamingNameAddressAndReason() {
        assertThatThrownBy(() -> WebhookAddress.resolve("localhost", false))
                .isInstanceOf(WebhookAddress.Refused.class)
                .hasMessageStartingWith("refused: localhost resolves to ")
                .hasMessageContaining("a loopback address");
        assertThatThrownBy(() -> WebhookAddress.resolve("2130706433", false))
                .hasMessageStartingWith("refused: 2130706433 resolves to 127.0.0.1, a loopback address");
        assertThatThrownBy(() -> WebhookAddress.resolve("10.0.0.5", false))
                .hasMessageStartingWith("refused: 10.0.0.5 is a private address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0177.0.0.1", "134744072", "8.8.2056", "0x08.8.8.8", "08.08.08.08", "8.8.8.8.8"})
    void resolve_ipv4InAnAmbiguousForm_refusedEvenWhenPublic(String host) {
        assertThatThrownBy(() -> WebhookAddress.resolve(host, true))
                .isInstanceOf(WebhookAddress.Refused.class)
                .hasMessageStartingWith("refused: " + host + " is an IPv4 address in a form tools read differently")
                .hasMessageEndingWith("write it as four decimal numbers, like 203.0.113.7");
    }

    @Test
    void resolve_canonicalAddressOrHexLookingName_notAmbiguous() throws Exception {
        assertThat(WebhookAddress.resolve("8.8.8.8", false, host -> new InetAddress[] {InetAddress.getByName(host)}))
                .hasSize(1);
        InetAddress publicAddress = InetAddress.getByName("93.184.215.14");
        assertThat(WebhookAddress.resolve("cafe.be", false, host -> new InetAddress[] {publicAddress}))
                .hasSize(1);
        assertThat(WebhookAddress.resolve("0x.example", false, host -> new InetAddress[] {publicAddress}))
                .hasSize(1);
    }
}
