package dev.hotpath.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CollectorAddressTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "https://collector.example:8443|collector.example|8443|true",
                "HTTPS://collector.example:8443/|collector.example|8443|true",
                "http://10.1.2.3:8080|10.1.2.3|8080|false",
                "collector.example:8080|collector.example|8080|false",
                "https://[2001:db8::1]:443|2001:db8::1|443|true",
            })
    void parse_eachForm_givesHostPortAndTransport(String raw, String host, int port, boolean tls) {
        CollectorAddress address = CollectorAddress.parse(raw);

        assertThat(address.host()).isEqualTo(host);
        assertThat(address.port()).isEqualTo(port);
        assertThat(address.tls()).isEqualTo(tls);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "grpc://host:1|scheme is not https:// or http://",
                "https://host|not HOST:PORT",
                "https://:8080|not HOST:PORT",
                "https://host:8080/path|not HOST:PORT",
                "host:port|port is not a number",
                "host:0|port outside 1..65535",
            })
    void parse_badAddress_saysWhatIsWrong(String raw, String problem) {
        assertThatThrownBy(() -> CollectorAddress.parse(raw))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(problem);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "localhost:8080|true",
                "http://127.0.0.1:8080|true",
                "127.10.0.3:8080|true",
                "[::1]:8080|true",
                "api.localhost:8080|true",
                "192.0.2.2:8080|false",
                "localhost.example.com:8080|false",
                "127.example.com:8080|false",
                "[::2]:8080|false",
            })
    void loopback_hostAsWritten_isJudgedWithoutDns(String raw, boolean loopback) {
        assertThat(CollectorAddress.parse(raw).loopback()).isEqualTo(loopback);
    }
}
