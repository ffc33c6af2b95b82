package io.mailflow.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.testing.TestDns;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DnsJavaResolver} against a real DNS server (dnsmasq), including one that never answers. */
class DnsJavaResolverIT {

    /** For dnsmasq, which answers in microseconds: generous, so a loaded machine does not fail a lookup. */
    private static final Duration ANSWERING = Duration.ofSeconds(5);
    /** For the server that never answers: short, so the test is quick. */
    private static final Duration TIMEOUT = Duration.ofMillis(500);

    @TempDir
    static Path dir;
    static TestDns dns;
    static DnsJavaResolver resolver;
    /** A UDP socket that takes queries and never answers: a server that has gone silent. */
    static DatagramSocket blackHole;

    @BeforeAll
    static void start() throws Exception {
        dns = TestDns.builder()
                .mx("example.test", 10, "mx1.example.test").mx("example.test", 20, "mx2.example.test")
                .a("mx1.example.test", "127.0.0.1")
                .mx("equal.test", 10, "a.equal.test").mx("equal.test", 10, "b.equal.test")
                .a("implicit.test", "127.0.0.2")
                .nullMx("nullmx.test")
                .mxRecord("mixed.test", 0, ".").mx("mixed.test", 10, "mx1.example.test")
                .mx("literal.test", 10, "192.0.2.1")
                .cname("mxalias.test", "example.test")
                .a("both.test", "127.0.0.3").aaaa("both.test", "::3")
                .aaaa("v6only.test", "2001:db8::6")
                .cname("alias.test", "both.test")
                .txt("textonly.test", "no addresses here")
                .start(dir.resolve("dns"));
        resolver = new DnsJavaResolver(List.of(dns.server()), ANSWERING, new Random(1));
        blackHole = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterAll
    static void stop() {
        if (dns != null) {
            dns.close();
        }
        if (blackHole != null) {
            blackHole.close();
        }
    }

    private static String blackHoleServer() {
        return "127.0.0.1:" + blackHole.getLocalPort();
    }

    @Test
    void mxShouldReturnHostsSortedByPreference() {
        assertThat(resolver.mx("example.test")).isEqualTo(
                new MxLookup.Found(List.of(new MxHost(10, "mx1.example.test"), new MxHost(20, "mx2.example.test"))));
    }

    @Test
    void mxShouldReturnEqualPreferencesInBothOrdersAcrossCalls() {
        DnsJavaResolver seeded = new DnsJavaResolver(List.of(dns.server()), ANSWERING, new Random(42));
        Set<List<MxHost>> orders = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            orders.add(((MxLookup.Found) seeded.mx("equal.test")).hosts());
        }
        assertThat(orders).containsExactlyInAnyOrder(
                List.of(new MxHost(10, "a.equal.test"), new MxHost(10, "b.equal.test")),
                List.of(new MxHost(10, "b.equal.test"), new MxHost(10, "a.equal.test")));
    }

    @Test
    void mxShouldReturnNoMxWhenTheDomainHasOnlyAnAddress() {
        assertThat(resolver.mx("implicit.test")).isEqualTo(new MxLookup.NoMx());
        assertThat(resolver.addresses("implicit.test"))
                .isEqualTo(new AddressLookup.Found(List.of(address("127.0.0.2"))));
    }

    @Test
    void mxShouldReturnNullMxForRfc7505Record() {
        assertThat(resolver.mx("nullmx.test")).isEqualTo(new MxLookup.NullMx());
    }

    @Test
    void mxShouldIgnoreARootTargetAmongOtherRecords() {
        assertThat(resolver.mx("mixed.test"))
                .isEqualTo(new MxLookup.Found(List.of(new MxHost(10, "mx1.example.test"))));
    }

    @Test
    void mxShouldReturnNoSuchDomainForNxdomain() {
        assertThat(resolver.mx("nowhere.test")).isEqualTo(new MxLookup.NoSuchDomain());
    }

    @Test
    void mxShouldTolerateAnIpLiteralTarget() {
        assertThat(resolver.mx("literal.test")).isEqualTo(new MxLookup.Found(List.of(new MxHost(10, "192.0.2.1"))));
        assertThat(resolver.addresses("192.0.2.1")).isEqualTo(new AddressLookup.Found(List.of(address("192.0.2.1"))));
    }

    @Test
    void mxShouldFollowCname() {
        assertThat(resolver.mx("mxalias.test")).isEqualTo(resolver.mx("example.test"));
    }

    @Test
    void mxShouldFailWhenTheServerRefuses() {
        // dnsmasq has no upstream: a name outside its zones is REFUSED, a temporary failure for us.
        assertThat(resolver.mx("example.org")).isInstanceOfSatisfying(MxLookup.Failed.class,
                f -> assertThat(f.reason()).contains("MX example.org", "REFUSED"));
    }

    @Test
    void mxShouldFailWithinAboutTheTimeoutWhenNothingAnswers() {
        DnsJavaResolver silent = new DnsJavaResolver(List.of(blackHoleServer()), TIMEOUT, new Random(1));
        long start = System.nanoTime();
        MxLookup result = silent.mx("example.test");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(result).isInstanceOfSatisfying(MxLookup.Failed.class,
                f -> assertThat(f.reason()).contains("timed out"));
        assertThat(took).isBetween(TIMEOUT.minusMillis(50), TIMEOUT.multipliedBy(3));
    }

    @Test
    void mxShouldFailFastWhenNoServerListensOnThePort() throws Exception {
        int closed;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            closed = s.getLocalPort();
        }
        DnsJavaResolver none = new DnsJavaResolver(List.of("127.0.0.1:" + closed), Duration.ofSeconds(5), new Random(1));
        long start = System.nanoTime();
        assertThat(none.mx("example.test")).isInstanceOf(MxLookup.Failed.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void resolverShouldAskTheNextServerWhenOneDoesNotAnswer() {
        DnsJavaResolver two = new DnsJavaResolver(List.of(blackHoleServer(), dns.server()), TIMEOUT, new Random(1));
        for (int i = 0; i < 3; i++) { // dnsjava shuffles the servers: the silent one comes first sometimes
            assertThat(two.mx("example.test")).isEqualTo(resolver.mx("example.test"));
        }
    }

    @Test
    void addressesShouldReturnIpv4BeforeIpv6() {
        assertThat(resolver.addresses("both.test"))
                .isEqualTo(new AddressLookup.Found(List.of(address("127.0.0.3"), address("::3"))));
    }

    @Test
    void addressesShouldReturnAnIpv6OnlyHost() {
        assertThat(resolver.addresses("v6only.test"))
                .isEqualTo(new AddressLookup.Found(List.of(address("2001:db8::6"))));
    }

    @Test
    void addressesShouldFollowCname() {
        assertThat(resolver.addresses("alias.test")).isEqualTo(resolver.addresses("both.test"));
    }

    @Test
    void addressesShouldReturnNoAddressesWhenTheNameHasOtherRecordsOnly() {
        assertThat(resolver.addresses("textonly.test")).isEqualTo(new AddressLookup.NoAddresses());
        assertThat(resolver.addresses("example.test")).isEqualTo(new AddressLookup.NoAddresses());
    }

    @Test
    void addressesShouldReturnNoSuchDomainForNxdomain() {
        assertThat(resolver.addresses("nowhere.test")).isEqualTo(new AddressLookup.NoSuchDomain());
    }

    @Test
    void addressesShouldReturnAnIpLiteralWithoutAQuery() {
        // The only server never answers: any query would take the whole timeout and fail.
        DnsJavaResolver silent = new DnsJavaResolver(List.of(blackHoleServer()), Duration.ofSeconds(30), new Random(1));
        long start = System.nanoTime();
        assertThat(silent.addresses("192.0.2.7")).isEqualTo(new AddressLookup.Found(List.of(address("192.0.2.7"))));
        assertThat(silent.addresses("2001:db8::1")).isEqualTo(new AddressLookup.Found(List.of(address("2001:db8::1"))));
        assertThat(silent.addresses("[2001:db8::1]")).isEqualTo(new AddressLookup.Found(List.of(address("2001:db8::1"))));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void addressesShouldFailWithinAboutTheTimeoutWhenNothingAnswers() {
        Duration timeout = Duration.ofMillis(1500); // long enough to tell one timeout from two on a busy machine
        DnsJavaResolver silent = new DnsJavaResolver(List.of(blackHoleServer()), timeout, new Random(1));
        long start = System.nanoTime();
        AddressLookup result = silent.addresses("both.test");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(result).isInstanceOfSatisfying(AddressLookup.Failed.class,
                f -> assertThat(f.reason()).contains("both.test", "timed out"));
        // A and AAAA are asked in parallel: one timeout, not two.
        assertThat(took).isBetween(timeout.minusMillis(50), timeout.multipliedBy(2).minusMillis(200));
    }

    private static InetAddress address(String literal) {
        return IpLiteral.parse(literal).orElseThrow();
    }
}
