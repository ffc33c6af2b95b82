package io.mailflow.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralTest {

    @ParameterizedTest
    @CsvSource({"192.0.2.1, 192.0.2.1", "2001:db8::1, 2001:db8:0:0:0:0:0:1", "[2001:db8::1], 2001:db8:0:0:0:0:0:1",
            "::ffff:192.0.2.1, 192.0.2.1"})
    void parseShouldReadIpLiterals(String text, String expected) {
        assertThat(IpLiteral.parse(text)).map(InetAddress::getHostAddress).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mx.example.test", "localhost", "192.0.2", "192.0.2.256", "1.2.3.4.5", "[192.0.2.1", "", "."})
    void parseShouldRejectAnythingElse(String text) {
        assertThat(IpLiteral.parse(text)).isEmpty();
    }
}
