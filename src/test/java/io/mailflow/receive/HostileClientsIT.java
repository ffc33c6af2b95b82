package io.mailflow.receive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailflow.testing.SmtpTestClient;
import io.mailflow.testing.TestCertificates;
import io.mailflow.testing.TestGateway;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that never read their replies, loop on commands that make no progress, or outstay the
 * connection's lifetime, over real sockets: the gateway cuts them off within its timeouts and a
 * normal client is served meanwhile.
 */
class HostileClientsIT {

    private static final int SOURCES = 20;
    private static final int PER_SOURCE = 50; // the default maxConnectionsPerIp
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    /** The floods start one after another over this time, all within the first command timeout. */
    private static final Duration RAMP = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    @Test
    void aThousandClientsThatNeverReadShouldNotSlowANormalClientAndShouldGiveTheirSlotsBack() throws Exception {
        try (TestGateway gateway = TestGateway.start(dir, """
                  limits:
                    maxConnections: 1100
                    commandTimeout: %ds
                    writeTimeout: %ds
                    connectionTimeout: 10m
                """.formatted(COMMAND_TIMEOUT.toSeconds(), WRITE_TIMEOUT.toSeconds()), TestGateway.DIRECTORY)) {
            int greeting = greetingLength(gateway);
            normalSession(gateway, -2); // the first message's one-time costs (class loading, the store)
            Duration before = normalSession(gateway, -1);
            List<Socket> attackers = connectAndGreet(gateway.smtpPort(), SOURCES * PER_SOURCE);
            // the attackers' EHLOs are answered (more than the greeting waits in their receive buffers, unread):
            // the connections are set up, the attack proper begins
            await().atMost(Duration.ofSeconds(30)).until(() -> attackers.stream().allMatch(a -> unread(a) > greeting));
            long rampEnd = startFloods(attackers);
            List<Duration> served = new ArrayList<>();
            List<Integer> held = new ArrayList<>();
            while (System.nanoTime() < rampEnd || served.size() < 5) {
                held.add((int) active(gateway));
                served.add(normalSession(gateway, served.size()));
            }
            assertThat(served).as("every normal session during the attack (slots held meanwhile: %s)", held)
                    .allMatch(d -> d.compareTo(Duration.ofSeconds(1)) < 0);
            assertThat(held.getFirst()).as("the attackers held their slots while the first session ran").isGreaterThan(900);
            await().atMost(WRITE_TIMEOUT.plus(COMMAND_TIMEOUT).plusSeconds(5)).until(() -> active(gateway) == 0);
            System.out.printf("never-reading flood: a normal session took %d ms before, %d sessions during it, slowest %d ms;"
                    + " all slots back %d ms after the last flood (%s cut off for not reading)%n", before.toMillis(), served.size(),
                    served.stream().mapToLong(Duration::toMillis).max().orElse(0),
                    (System.nanoTime() - rampEnd) / 1_000_000, cutOff(gateway, "write_timeout"));
            assertThat(cutOff(gateway, "write_timeout")).as("the one per source whose replies filled the buffers").isEqualTo((double) SOURCES);
            for (int s = 0; s < SOURCES; s++) {
                try (SmtpTestClient c = SmtpTestClient.connectFrom(source(s), "127.0.0.1", gateway.smtpPort())) {
                    assertThat(c.reply()).as("a slot of %s is free again", source(s)).startsWith("220");
                }
            }
            attackers.forEach(HostileClientsIT::closeQuietly);
        }
    }

    @Test
    void aConnectionBlockedInAWriteShouldEndWhenItsLifetimeIsOver() throws Exception {
        try (TestGateway gateway = TestGateway.start(dir, """
                  limits:
                    writeTimeout: 10m
                    connectionTimeout: 3s
                """, TestGateway.DIRECTORY)) {
            int greeting = greetingLength(gateway);
            Socket attacker = connectAndGreet(gateway.smtpPort(), 1).getFirst();
            await().until(() -> unread(attacker) > greeting);
            long start = System.nanoTime();
            Thread writer = Thread.ofVirtual().start(() -> write(attacker, flood(0)));
            await().atMost(Duration.ofSeconds(15)).until(() -> active(gateway) == 0);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("closed by its lifetime, not by the write timeout")
                    .isLessThan(Duration.ofSeconds(10));
            assertThat(writer.join(Duration.ofSeconds(5))).as("the attacker's own write failed").isTrue();
            attacker.close();
        }
    }

    @Test
    void commandsWithoutProgressShouldEndTheSessionWith421UnlessAMessageIsAccepted() throws Exception {
        try (TestGateway gateway = TestGateway.start(dir, """
                  limits:
                    maxJunkCommands: 10
                """, TestGateway.DIRECTORY)) {
            try (SmtpTestClient c = gateway.connect()) {
                c.reply();
                c.command("EHLO client.example");
                for (String junk : List.of("NOOP", "RSET", "VRFY bob", "HELP", "EHLO again.example")) {
                    assertThat(c.command(junk)).startsWith("2");
                }
                c.command("MAIL FROM:<sender@example.com>");
                assertThat(c.command("RCPT TO:<bob@contoso.test>")).startsWith("250");
                for (int i = 0; i < 5; i++) {
                    assertThat(c.command("RCPT TO:<bob@contoso.test>")).as("the same recipient again").startsWith("250");
                }
                assertThat(c.command("RSET")).as("the eleventh").startsWith("421 4.7.0 Too many commands without progress");
                assertThat(c.closedByServer()).isTrue();
            }
            try (SmtpTestClient c = gateway.connect()) {
                c.reply();
                c.command("EHLO client.example");
                for (int i = 0; i < 9; i++) {
                    assertThat(c.command("NOOP")).startsWith("250");
                }
                assertThat(c.sendMailAfterHelo("sender@example.com", List.of("bob@contoso.test"), "Subject: progress\r\n\r\nhi\r\n"))
                        .startsWith("250 2.0.0");
                for (int i = 0; i < 10; i++) {
                    assertThat(c.command("NOOP")).as("an accepted message starts the count again").startsWith("250");
                }
                assertThat(c.command("NOOP")).startsWith("421 4.7.0");
            }
        }
    }

    @Test
    void recipientsPastTwiceTheLimitShouldCountAsCommandsWithoutProgress() throws Exception {
        try (TestGateway gateway = TestGateway.start(dir, """
                  limits:
                    maxJunkCommands: 10
                    maxRecipientsPerMessage: 3
                """, TestGateway.DIRECTORY)) {
            try (SmtpTestClient c = gateway.connect()) {
                c.reply();
                c.command("EHLO client.example");
                c.command("MAIL FROM:<sender@example.com>");
                List<String> replies = new ArrayList<>();
                for (int i = 0; i < 17; i++) {
                    replies.add(c.command("RCPT TO:<r" + i + "@fabrikam.test>"));
                }
                assertThat(replies.subList(0, 3)).allMatch(r -> r.startsWith("250"));
                assertThat(replies.subList(3, 16)).as("a list twice the limit is answered; past it, 452s are junk")
                        .allMatch(r -> r.startsWith("452 4.5.3"));
                assertThat(replies.get(16)).startsWith("421 4.7.0");
            }
        }
    }

    @Test
    void shutdownShouldTellIdleClientsInPlainTextAndUnderTls421() throws Exception {
        TestCertificates ca = TestCertificates.newAuthority(dir.resolve("pki"));
        TestCertificates.Issued cert = ca.issue("server", "mail.contoso.test");
        TestGateway gateway = TestGateway.start(dir, """
                  tls: {certificateFile: '%s', privateKeyFile: '%s'}
                """.formatted(cert.certificateFile(), cert.keyFile()), TestGateway.DIRECTORY);
        try (SmtpTestClient plain = gateway.connect(); SmtpTestClient tls = gateway.connect()) {
            plain.reply();
            plain.command("EHLO plain.example");
            tls.reply();
            tls.command("EHLO tls.example");
            assertThat(tls.command("STARTTLS")).startsWith("220");
            tls.startTls(ca.clientContext(), "mail.contoso.test");
            assertThat(tls.command("EHLO tls.example")).startsWith("250");
            Thread stopping = Thread.ofVirtual().start(gateway::close);
            assertThat(plain.reply()).startsWith("421 4.3.2");
            assertThat(tls.reply()).as("written by the session's own thread, over TLS").startsWith("421 4.3.2");
            assertThat(stopping.join(Duration.ofSeconds(10))).isTrue();
        } finally {
            gateway.close();
        }
    }

    /**
     * Starts every attacker's flood, one after another over {@link #RAMP}: a botnet ramps up.
     * Returns when the last one starts.
     */
    private static long startFloods(List<Socket> attackers) {
        List<byte[]> floods = new ArrayList<>();
        for (int i = 0; i < attackers.size(); i++) {
            floods.add(i < PER_SOURCE ? flood(i) : floods.get(i % PER_SOURCE));
        }
        long start = System.nanoTime();
        for (int i = 0; i < attackers.size(); i++) {
            byte[] flood = floods.get(i);
            Socket a = attackers.get(i);
            long at = start + RAMP.toNanos() * i / attackers.size();
            Thread.ofVirtual().start(() -> {
                LockSupport.parkNanos(at - System.nanoTime()); // the attack's pace, not a wait for anything
                write(a, flood); // may block until the gateway closes the connection
            });
        }
        return start + RAMP.toNanos();
    }

    /** One full session of a well-behaved client from 127.0.0.1; returns how long it took. */
    private static Duration normalSession(TestGateway gateway, int n) throws IOException {
        long start = System.nanoTime();
        try (SmtpTestClient c = gateway.connect()) {
            assertThat(c.reply()).startsWith("220");
            assertThat(c.sendMail("sender@example.com", List.of("alice@contoso.test"), "Subject: normal " + n + "\r\n\r\nhi\r\n"))
                    .startsWith("250 2.0.0");
            assertThat(c.command("QUIT")).startsWith("221");
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Connections from 127.0.0.10..29, 50 from each, each past its EHLO: what follows may be pipelined (RFC 2920). */
    private static List<Socket> connectAndGreet(int port, int count) throws IOException {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Socket s = new Socket();
            s.setReceiveBufferSize(1024); // a small window, as a client that never reads soon has
            s.bind(new InetSocketAddress(source(i / PER_SOURCE % SOURCES), 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.getOutputStream().write("EHLO attacker.example\r\n".getBytes(StandardCharsets.US_ASCII));
            sockets.add(s);
        }
        return sockets;
    }

    /**
     * What an attacker pipelines and never reads the answers to, 60 KB or more each: more than the
     * socket buffers take. One per source address sends MAIL and hundreds of distinct recipients,
     * again and again, and so gets more replies than the buffers hold: the gateway's writes block.
     * Four loop on RSET or on the same RCPT (commands without progress) and are cut off at the junk
     * limit; the rest pipeline NOOPs (a pipelining violation) and are cut off at once. (Each command
     * costs the gateway parsing time; this mix keeps the whole attack to some 25,000 commands, so
     * that on a loaded machine what is measured is holding slots, not CPU.)
     */
    private static byte[] flood(int i) {
        StringBuilder b = new StringBuilder();
        int kind = i % PER_SOURCE; // 0..49 for each source address, spread over the ramp
        if (kind == 0) {
            for (int round = 0; round < 4; round++) {
                b.append("MAIL FROM:<bulk@example.com>\r\n");
                for (int r = 0; r < 499; r++) {
                    b.append("RCPT TO:<r").append(r).append("@fabrikam.test>\r\n");
                }
                b.append("RSET\r\n");
            }
        } else if (kind < 3) {
            b.append("RSET\r\n".repeat(10_000));
        } else if (kind < 5) {
            b.append("MAIL FROM:<bulk@example.com>\r\n").append("RCPT TO:<bob@contoso.test>\r\n".repeat(2_000));
        } else {
            b.append("NOOP\r\n".repeat(10_000));
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static int greetingLength(TestGateway gateway) throws IOException {
        try (SmtpTestClient c = gateway.connect()) {
            return c.reply().length() + 2;
        }
    }

    /** Bytes the gateway sent that wait in the client's receive buffer (looked at, not read). */
    private static int unread(Socket s) {
        try {
            return s.getInputStream().available();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void write(Socket s, byte[] bytes) {
        try {
            OutputStream out = s.getOutputStream();
            out.write(bytes);
            out.flush();
        } catch (IOException closedByTheGateway) {
            // what the gateway does to a client that does not read
        }
    }

    private static String source(int i) {
        return "127.0.0." + (10 + i);
    }

    private static double cutOff(TestGateway gateway, String reason) {
        var counter = gateway.gateway().metrics().find("mailflow_smtp_connections_cut_off_total").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private static double active(TestGateway gateway) {
        return gateway.gateway().metrics().get("mailflow_smtp_connections_active").gauge().value();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // done
        }
    }
}
