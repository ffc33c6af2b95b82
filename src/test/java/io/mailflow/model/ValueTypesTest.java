package io.mailflow.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ValueTypesTest {

    @Test
    void byteSizeShouldUseBinaryUnitsAsExchangeDoes() {
        assertThat(ByteSize.parse("36MB").bytes()).isEqualTo(36L * 1024 * 1024);
        assertThat(ByteSize.parse("512 kb").bytes()).isEqualTo(512L * 1024);
        assertThat(ByteSize.parse("1GB").bytes()).isEqualTo(1L << 30);
        assertThat(ByteSize.parse("100B").bytes()).isEqualTo(100);
        assertThat(ByteSize.parse("4096").bytes()).isEqualTo(4096);
        assertThat(ByteSize.parse("36MB")).hasToString("36MB");
        assertThatThrownBy(() -> ByteSize.parse("-1MB")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ByteSize.parse("1.5MB")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ByteSize.parse("99999999999GB")).hasMessageContaining("too large");
    }

    @Test
    void durationsShouldTakeSecondsMinutesHoursDays() {
        assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(Durations.parse("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.format(Duration.ofHours(24))).isEqualTo("1d");
        assertThatThrownBy(() -> Durations.parse("5 minutes")).hasMessageContaining("5m");
    }

    @Test
    void ipRangeShouldMatchIpv4AndIpv6PrefixesAndNeverResolveNames() throws Exception {
        IpRange r = IpRange.parse("192.0.2.0/25");
        assertThat(r.contains(InetAddress.getByName("192.0.2.127"))).isTrue();
        assertThat(r.contains(InetAddress.getByName("192.0.2.128"))).isFalse();
        assertThat(r.contains(InetAddress.getByName("::1"))).isFalse();
        assertThat(IpRange.parse("2001:db8::/32").contains(InetAddress.getByName("2001:db8:ffff::1"))).isTrue();
        assertThat(IpRange.parse("10.1.2.3")).hasToString("10.1.2.3/32");
        assertThat(IpRange.parse("10.1.2.3/8")).hasToString("10.0.0.0/8");
        assertThatThrownBy(() -> IpRange.parse("mail.example.com")).hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> IpRange.parse("10.0.0.256")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IpRange.parse("10.0.0.0/33")).hasMessageContaining("/33");
    }

    @Test
    void hostPortShouldParseNamesIpv4AndBracketedIpv6() {
        assertThat(HostPort.parse("127.0.0.1:2525", -1)).isEqualTo(new HostPort("127.0.0.1", 2525));
        assertThat(HostPort.parse("[::1]:25", -1)).isEqualTo(new HostPort("::1", 25));
        assertThat(HostPort.parse("mx.example.com", 25)).isEqualTo(new HostPort("mx.example.com", 25));
        assertThat(HostPort.parse("2001:db8::1", 25)).isEqualTo(new HostPort("2001:db8::1", 25));
        assertThatThrownBy(() -> HostPort.parse("host", -1)).hasMessageContaining("missing port");
        assertThatThrownBy(() -> HostPort.parse("host:99999", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void emailAddressShouldCompareLocalPartsCaseInsensitivelyAndDomainsAsALabels() {
        assertThat(EmailAddress.parse("Alice@CONTOSO.test").key()).isEqualTo("alice@contoso.test");
        assertThat(EmailAddress.parse("jörg@bücher.example").domain()).isEqualTo("xn--bcher-kva.example");
        assertThat(EmailAddress.parse("Alice@contoso.test").localPart()).isEqualTo("Alice");
        assertThatThrownBy(() -> EmailAddress.parse("a%b@contoso.test")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EmailAddress.parse("a@contoso.test.")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EmailAddress.parse("contoso.test")).hasMessageContaining("local@domain");
    }

    @Test
    void ipLiteralsShouldBeParsedWithoutALookupAndRefusedWhenMalformed() {
        assertThat(IpRange.literal("192.0.2.10").getHostAddress()).isEqualTo("192.0.2.10");
        assertThat(IpRange.literal("[2001:db8::5]").getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:5");
        assertThat(IpRange.literal("::ffff:192.0.2.1")).isNotNull();
        for (String bad : new String[] {"192.0.2", "192.0.2.1.5", "192.0.2.256", "1234.0.0.1", "192.0.2.", ".192.0.2.1",
            "192..2.1", "", "mail.example.com", "2001:db8::g", "[192.0.2.1"}) {
            assertThatThrownBy(() -> IpRange.literal(bad)).as(bad).hasMessageContaining("not an IP address");
        }
    }

    @Test
    void smartHostsShouldTellAddressesFromNamesThatNeedDns() {
        assertThat(SmartHost.parse("127.0.0.1:2601").needsDns()).isFalse();
        assertThat(SmartHost.parse("127.0.0.1:2601").addresses()).hasSize(1);
        assertThat(SmartHost.parse("[2001:db8::5]:25").needsDns()).isFalse();
        assertThat(SmartHost.parse("mail.contoso.com").needsDns()).isTrue();
        assertThat(SmartHost.parse("10.mail.contoso.com").needsDns()).isTrue();
        assertThatThrownBy(() -> SmartHost.parse("10.0.0.300")).isInstanceOf(IllegalArgumentException.class);
    }
}
