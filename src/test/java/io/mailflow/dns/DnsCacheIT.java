package io.mailflow.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailflow.testing.TestDns;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.Cache;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resolver's cache against real servers that count what they are asked: dnsmasq as the
 * authoritative server of its zones (answers and negative answers with a TTL), and a scripted
 * server for the failures that must not be remembered.
 */
class DnsCacheIT {

    private static final Duration ANSWERING = Duration.ofSeconds(5);

    @TempDir
    static Path dir;
    /** Everything with a TTL of an hour: a second question within the test is never due. */
    static TestDns hour;
    /** Everything with a TTL of one second: expired within about a second. */
    static TestDns second;

    @BeforeAll
    static void start() throws Exception {
        hour = TestDns.builder().ttl(3600)
                .mx("cached.test", 10, "mx1.cached.test").a("mx1.cached.test", "127.0.0.1")
                .mx("equal.test", 10, "a.equal.test").mx("equal.test", 10, "b.equal.test")
                .start(dir.resolve("hour"));
        second = TestDns.builder().ttl(1).mx("short.test", 10, "mx1.short.test").start(dir.resolve("second"));
    }

    @AfterAll
    static void stop() {
        for (TestDns dns : new TestDns[] {hour, second}) {
            if (dns != null) {
                dns.close();
            }
        }
    }

    private static DnsJavaResolver resolver(String server) {
        return new DnsJavaResolver(List.of(server), ANSWERING, new Random(1));
    }

    @Test
    void repeatedLookupsWithinTheTtlShouldAskTheServerOnce() {
        DnsJavaResolver resolver = resolver(hour.server());
        for (int i = 0; i < 5; i++) {
            assertThat(resolver.mx("cached.test")).isEqualTo(new MxLookup.Found(List.of(new MxHost(10, "mx1.cached.test"))));
            assertThat(resolver.addresses("mx1.cached.test")).isInstanceOf(AddressLookup.Found.class);
        }
        assertThat(hour.queries("MX", "cached.test")).isEqualTo(1);
        assertThat(hour.queries("A", "mx1.cached.test")).isEqualTo(1);
        assertThat(hour.queries("AAAA", "mx1.cached.test")).as("no data is a negative answer, cached too").isEqualTo(1);
    }

    @Test
    void anAnswerWithATtlOfOneSecondShouldBeAskedForAgainOnceItHasExpired() {
        DnsJavaResolver resolver = resolver(second.server());
        long before = second.queries("MX", "short.test");
        assertThat(resolver.mx("short.test")).isInstanceOf(MxLookup.Found.class);
        assertThat(second.queries("MX", "short.test")).isEqualTo(before + 1);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
            assertThat(resolver.mx("short.test")).isInstanceOf(MxLookup.Found.class);
            return second.queries("MX", "short.test") == before + 2;
        });
    }

    @Test
    void anNxdomainShouldBeCachedForItsNegativeTtlForEveryTypeOfTheName() {
        DnsJavaResolver resolver = resolver(hour.server());
        for (int i = 0; i < 3; i++) {
            assertThat(resolver.mx("gone.test")).isEqualTo(new MxLookup.NoSuchDomain());
        }
        assertThat(resolver.addresses("gone.test")).isEqualTo(new AddressLookup.NoSuchDomain());
        assertThat(hour.queries("MX", "gone.test")).isEqualTo(1);
        assertThat(hour.queries("A", "gone.test")).as("NXDOMAIN says the name has no records at all (RFC 2308 §5)").isZero();

        DnsJavaResolver shortLived = resolver(second.server());
        long before = second.queries("MX", "gone.test");
        assertThat(shortLived.mx("gone.test")).isEqualTo(new MxLookup.NoSuchDomain());
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> {
            assertThat(shortLived.mx("gone.test")).isEqualTo(new MxLookup.NoSuchDomain());
            return second.queries("MX", "gone.test") == before + 2;
        });
    }

    @Test
    void equalPreferenceHostsShouldStillBeShuffledOnEveryCallWhenTheAnswerIsCached() {
        DnsJavaResolver resolver = new DnsJavaResolver(List.of(hour.server()), ANSWERING, new Random(42));
        Set<List<MxHost>> orders = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            orders.add(((MxLookup.Found) resolver.mx("equal.test")).hosts());
        }
        assertThat(orders).containsExactlyInAnyOrder(List.of(new MxHost(10, "a.equal.test"), new MxHost(10, "b.equal.test")),
                List.of(new MxHost(10, "b.equal.test"), new MxHost(10, "a.equal.test")));
        assertThat(hour.queries("MX", "equal.test")).isEqualTo(1);
    }

    @Test
    void theCacheShouldHoldNoMoreNamesThanItsBound() {
        Cache cache = DnsJavaResolver.cache(5);
        DnsJavaResolver resolver = new DnsJavaResolver(List.of(hour.server()), ANSWERING, new Random(1), cache);
        for (int i = 0; i < 40; i++) {
            assertThat(resolver.mx("name" + i + ".test")).isEqualTo(new MxLookup.NoSuchDomain());
        }
        assertThat(cache.getSize()).isBetween(1, 5);
        resolver.mx("name39.test");
        resolver.mx("name0.test");
        assertThat(hour.queries("MX", "name39.test")).as("the newest name is kept").isEqualTo(1);
        assertThat(hour.queries("MX", "name0.test")).as("the oldest was dropped for it").isEqualTo(2);
    }

    @Test
    void aServerFailureShouldNotBeCachedNorTakenForNxdomain() throws Exception {
        try (ScriptedServer server = new ScriptedServer(Rcode.SERVFAIL)) {
            DnsJavaResolver resolver = resolver(server.address());
            assertThat(resolver.mx("flaky.test")).isInstanceOfSatisfying(MxLookup.Failed.class,
                    f -> assertThat(f.reason()).contains("SERVFAIL"));
            assertThat(resolver.mx("flaky.test")).isEqualTo(new MxLookup.Found(List.of(new MxHost(10, "mx.flaky.test"))));
            assertThat(resolver.mx("flaky.test")).isInstanceOf(MxLookup.Found.class);
            assertThat(server.asked.get()).as("asked again after the failure, then answered from the cache").isEqualTo(2);
        }
    }

    @Test
    void aTimeoutShouldNotBeCached() throws Exception {
        try (ScriptedServer server = new ScriptedServer(null)) {
            DnsJavaResolver resolver = new DnsJavaResolver(List.of(server.address()), Duration.ofMillis(500), new Random(1));
            assertThat(resolver.mx("flaky.test")).isInstanceOfSatisfying(MxLookup.Failed.class,
                    f -> assertThat(f.reason()).contains("timed out"));
            assertThat(resolver.mx("flaky.test")).isInstanceOf(MxLookup.Found.class);
            assertThat(server.asked.get()).isEqualTo(2);
        }
    }

    /**
     * A UDP DNS server that fails its first query (with {@code firstRcode}, or by not answering
     * when null) and then answers every MX query with "10 mx.NAME", TTL an hour.
     */
    private static final class ScriptedServer implements AutoCloseable {
        final DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        final AtomicInteger asked = new AtomicInteger();
        final Queue<Integer> failures = new ConcurrentLinkedQueue<>();
        final boolean silentFirst;

        ScriptedServer(Integer firstRcode) throws IOException {
            silentFirst = firstRcode == null;
            if (firstRcode != null) {
                failures.add(firstRcode);
            }
            Thread.ofVirtual().start(this::serve);
        }

        String address() {
            return "127.0.0.1:" + socket.getLocalPort();
        }

        private void serve() {
            byte[] buffer = new byte[512];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    socket.receive(packet);
                    Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                    if (asked.incrementAndGet() == 1 && silentFirst) {
                        continue;
                    }
                    byte[] reply = reply(query).toWire();
                    socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private Message reply(Message query) throws IOException {
            Message reply = new Message(query.getHeader().getID());
            reply.getHeader().setFlag(Flags.QR);
            reply.addRecord(query.getQuestion(), Section.QUESTION);
            Integer failure = failures.poll();
            if (failure != null) {
                reply.getHeader().setRcode(failure);
                return reply;
            }
            reply.getHeader().setFlag(Flags.AA);
            Name name = query.getQuestion().getName();
            reply.addRecord(new MXRecord(name, DClass.IN, 3600, 10, Name.concatenate(Name.fromString("mx"), name)),
                    Section.ANSWER);
            return reply;
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
