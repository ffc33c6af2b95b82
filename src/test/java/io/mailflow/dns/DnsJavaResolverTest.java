package io.mailflow.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What the resolver decides before it sends anything. */
class DnsJavaResolverTest {

    private static DnsJavaResolver resolver(String... servers) {
        return new DnsJavaResolver(List.of(servers), Duration.ofSeconds(1), new Random(1));
    }

    @Test
    void constructorShouldAcceptIpLiteralsWithAndWithoutPort() {
        assertThat(resolver("192.0.2.53", "192.0.2.54:5353", "[2001:db8::53]:53", "2001:db8::54"))
                .hasToString("DnsJavaResolver[192.0.2.53:53, 192.0.2.54:5353, [2001:db8:0:0:0:0:0:53]:53, "
                        + "[2001:db8:0:0:0:0:0:54]:53]");
    }

    @Test
    void constructorShouldRefuseAServerNamedByAHostName() {
        assertThatIllegalArgumentException().isThrownBy(() -> resolver("dns.example.test"))
                .withMessageContaining("dns.example.test");
    }

    @Test
    void constructorShouldRefuseATimeoutThatIsNotPositive() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new DnsJavaResolver(List.of("192.0.2.53"), Duration.ZERO, new Random(1)));
    }

    @Test
    void mxShouldReturnNoSuchDomainWithoutAQueryForANameDnsCannotHold() {
        // 192.0.2.53 is TEST-NET: a query sent there would end in Failed, not NoSuchDomain.
        DnsJavaResolver r = resolver("192.0.2.53");
        assertThat(r.mx("a".repeat(64) + ".example.test")).isEqualTo(new MxLookup.NoSuchDomain());
        assertThat(r.mx("")).isEqualTo(new MxLookup.NoSuchDomain());
        assertThat(r.addresses("bad..example.test")).isEqualTo(new AddressLookup.NoSuchDomain());
    }

    @Test
    void mxHostShouldBeLowerCaseWithoutTrailingDot() {
        assertThat(new MxHost(10, "MX.Example.TEST.")).isEqualTo(new MxHost(10, "mx.example.test"));
        assertThatIllegalArgumentException().isThrownBy(() -> new MxHost(10, "."));
        assertThatIllegalArgumentException().isThrownBy(() -> new MxHost(65536, "mx.example.test"));
    }

    @Test
    void cacheShouldKeepAtMostItsNumberOfNamesDroppingTheLeastRecentlyUsed() throws Exception {
        org.xbill.DNS.Cache cache = DnsJavaResolver.cache(100);
        for (int i = 0; i < 1000; i++) {
            cache.addRecord(new org.xbill.DNS.ARecord(org.xbill.DNS.Name.fromString("host" + i + ".example.test."),
                    org.xbill.DNS.DClass.IN, 3600, java.net.InetAddress.getByName("192.0.2.1")), org.xbill.DNS.Credibility.NORMAL);
        }
        assertThat(cache.getSize()).isEqualTo(100);
        assertThat(cache.lookupRecords(org.xbill.DNS.Name.fromString("host999.example.test."), org.xbill.DNS.Type.A,
                org.xbill.DNS.Credibility.NORMAL).isSuccessful()).isTrue();
        assertThat(cache.lookupRecords(org.xbill.DNS.Name.fromString("host0.example.test."), org.xbill.DNS.Type.A,
                org.xbill.DNS.Credibility.NORMAL).isSuccessful()).isFalse();
    }

    @Test
    void cacheShouldCapHowLongAnythingIsKept() {
        org.xbill.DNS.Cache cache = DnsJavaResolver.cache(DnsJavaResolver.MAX_NAMES);
        assertThat(cache.getMaxEntries()).isEqualTo(10_000);
        assertThat(cache.getMaxCache()).as("a day, in seconds").isEqualTo(86_400);
        assertThat(cache.getMaxNCache()).as("an hour, in seconds").isEqualTo(3_600);
    }
}
