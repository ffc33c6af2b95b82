package io.mailflow.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A real DNS server for tests: Debian's dnsmasq on 127.0.0.1 and a free UDP+TCP port, answering
 * only from the records the test gives, authoritative for its zones (default {@code test}): a
 * name in a zone that the test did not define is NXDOMAIN, a name outside every zone is REFUSED
 * (there is no upstream). Records have TTL 0 unless {@link Builder#ttl} gives one; every query is
 * logged, and {@link #queries} counts them.
 *
 * <pre>
 * try (TestDns dns = TestDns.builder().mx("example.test", 10, "mx1.example.test")
 *         .a("mx1.example.test", "127.0.0.1").start(tempDir)) {
 *     new DnsJavaResolver(List.of(dns.server()), ...);
 * }
 * </pre>
 */
public final class TestDns implements AutoCloseable {

    private static final int MX = 15;

    private final Process process;
    private final int port;
    private final Path log;
    private final AtomicInteger probes = new AtomicInteger();

    private TestDns(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code 127.0.0.1:PORT}, as a {@code dns.servers} entry. */
    public String server() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** What dnsmasq logged so far, every query included. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /**
     * How many {@code type} queries for {@code name} dnsmasq has received so far. Its log is
     * written after it answers, so this first sends a probe query of its own and waits until the
     * probe is logged: dnsmasq logs in order, so every query before it is counted.
     */
    public long queries(String type, String name) {
        String probe = "probe-" + probes.incrementAndGet() + ".invalid";
        SimpleResolver r = new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        r.setTimeout(Duration.ofSeconds(2));
        try {
            r.send(Message.newQuery(Record.newRecord(Name.fromString(probe, Name.root), Type.TXT, DClass.IN)));
        } catch (IOException e) {
            throw new AssertionError("dnsmasq did not answer the probe " + probe, e);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> log().contains("[TXT] " + probe + " from "));
        Pattern asked = Pattern.compile("(?:query|auth)\\[" + type + "\\] " + Pattern.quote(name) + " from ");
        return log().lines().filter(l -> asked.matcher(l).find()).count();
    }

    /** Stops dnsmasq and waits until it has exited. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The zones and records of one server; each method adds one dnsmasq option. */
    public static final class Builder {

        private final Set<String> zones = new LinkedHashSet<>();
        private final List<String> records = new ArrayList<>();
        private Integer ttl;

        private Builder() {
        }

        /** Makes dnsmasq authoritative for {@code zone}: unknown names in it are NXDOMAIN. */
        public Builder zone(String zone) {
            zones.add(zone);
            return this;
        }

        /**
         * Makes dnsmasq answer as the authoritative server of its zones, every answer with this
         * TTL, and negative answers (NXDOMAIN, no data) with an SOA in the authority section whose
         * TTL and MINIMUM are this TTL too: what a resolver may cache them for (RFC 2308 §5).
         */
        public Builder ttl(int seconds) {
            this.ttl = seconds;
            return this;
        }

        /** An MX record; the target needs its own {@link #a} to be reachable. */
        public Builder mx(String domain, int preference, String host) {
            records.add("--mx-host=" + domain + "," + host + "," + preference);
            return this;
        }

        /** Any MX record, in wire format: for targets dnsmasq's {@code --mx-host} cannot write, such as ".". */
        public Builder mxRecord(String domain, int preference, String target) {
            try {
                byte[] name = Name.fromString(target, Name.root).toWireCanonical();
                String rdata = HexFormat.of().toHexDigits((short) preference) + HexFormat.of().formatHex(name);
                records.add("--dns-rr=" + domain + "," + MX + "," + rdata);
                return this;
            } catch (TextParseException e) {
                throw new IllegalArgumentException(e);
            }
        }

        /** A null MX (RFC 7505): the single MX record "0 .". */
        public Builder nullMx(String domain) {
            return mxRecord(domain, 0, ".");
        }

        public Builder a(String host, String ipv4) {
            records.add("--host-record=" + host + "," + ipv4);
            return this;
        }

        public Builder aaaa(String host, String ipv6) {
            records.add("--host-record=" + host + "," + ipv6);
            return this;
        }

        public Builder cname(String alias, String target) {
            records.add("--cname=" + alias + "," + target);
            return this;
        }

        public Builder txt(String name, String text) {
            records.add("--txt-record=" + name + ",\"" + text + "\"");
            return this;
        }

        /** Starts dnsmasq with its pid file and log in {@code dir}; returns once it answers queries. */
        public TestDns start(Path dir) throws IOException, InterruptedException {
            Files.createDirectories(dir);
            for (int attempt = 1; ; attempt++) {
                int port = freeUdpAndTcpPort();
                Path log = dir.resolve("dnsmasq-" + port + ".log");
                List<String> command = command(dir, port);
                Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
                TestDns dns = new TestDns(p, port, log);
                if (awaitReady(dns)) {
                    return dns;
                }
                dns.close();
                // Another process may have taken the port between our probe and dnsmasq's bind.
                if (attempt == 5) {
                    throw new AssertionError("dnsmasq did not start: " + command + "\n" + dns.log());
                }
            }
        }

        private List<String> command(Path dir, int port) {
            List<String> cmd = new ArrayList<>(List.of(Processes.tool("dnsmasq"),
                    "--no-daemon", "--conf-file=/dev/null", "--no-resolv", "--no-hosts",
                    "--listen-address=127.0.0.1", "--bind-interfaces", "--port=" + port,
                    "--pid-file=" + dir.resolve("dnsmasq-" + port + ".pid"),
                    "--log-queries", "--log-facility=-"));
            Set<String> served = zones.isEmpty() ? Set.of("test") : zones;
            for (String zone : served) {
                cmd.add("--local=/" + zone + "/"); // answer from our records only: unknown = NXDOMAIN
            }
            if (ttl != null) {
                cmd.add("--auth-server=ns." + served.iterator().next() + ",127.0.0.1");
                served.forEach(zone -> cmd.add("--auth-zone=" + zone));
                cmd.add("--auth-ttl=" + ttl);
            }
            cmd.addAll(records);
            return List.copyOf(cmd);
        }
    }

    /** Polls with real queries until dnsmasq answers (any rcode); false if it exited first. */
    private static boolean awaitReady(TestDns dns) throws InterruptedException {
        SimpleResolver probe = new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), dns.port));
        probe.setTimeout(Duration.ofMillis(200));
        Message query = Message.newQuery(Record.newRecord(Name.root, Type.SOA, DClass.IN));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline && dns.process.isAlive()) {
            try {
                probe.send(query);
                return true;
            } catch (IOException notYet) {
                // The port is not bound yet (ICMP unreachable comes back at once): ask again shortly.
                TimeUnit.MILLISECONDS.sleep(10);
            }
        }
        return false;
    }

    private static int freeUdpAndTcpPort() throws IOException {
        for (int i = 0; i < 20; i++) {
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
                int port = udp.getLocalPort();
                try (ServerSocket tcp = new ServerSocket()) {
                    tcp.bind(new InetSocketAddress("127.0.0.1", port));
                    return port;
                } catch (IOException tcpTaken) {
                    // the UDP port is free but its TCP twin is not: try another
                }
            }
        }
        throw new IOException("no port free for both UDP and TCP on 127.0.0.1");
    }
}
