package io.mailflow.receive;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.testing.SmtpTestClient;
import io.mailflow.testing.TestCertificates;
import io.mailflow.testing.TestGateway;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wrong passwords in parallel on a Submission listener, over STARTTLS: the bcrypt checks are
 * bounded (one per core, 454 when all are busy) and counted before they run, so port 25 keeps its
 * latency and a flood from one address is locked out while its first checks still run.
 */
class PasswordFloodIT {

    private static final String BUSY = "454 4.7.0 Temporary authentication failure";
    private static final String LOCKED = "454 4.7.0 Too many failed logins; try again later";
    /** How long the guessers keep guessing: a dozen checks' time per core. */
    private static final Duration FLOOD_TIME = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    @Test
    void twoHundredParallelWrongPasswordsShouldNotSlowPort25AndShouldNeverSucceed() throws Exception {
        TestCertificates ca = TestCertificates.newAuthority(dir.resolve("pki"));
        // lockouts out of the way: what is measured is the bound on parallel checks
        try (TestGateway gateway = start(ca, "maxFailuresPerIp: 1000, maxFailuresPerUser: 1000", 50)) {
            port25Session(gateway); // the first session's one-time costs
            List<Duration> before = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                before.add(port25Session(gateway));
            }
            ConcurrentLinkedQueue<String> replies = new ConcurrentLinkedQueue<>();
            Flood flood = Flood.ready(gateway, ca, 200, 10, replies);
            flood.go(FLOOD_TIME);
            List<Duration> during = new ArrayList<>();
            do {
                during.add(port25Session(gateway));
            } while (!flood.over() || during.size() < 5);
            long baseline = median(before);
            System.out.printf("password flood: port 25 sessions %d ms (median, before), %d ms median / %d ms slowest during (%d);"
                    + " %d attempts: %d checked, %d busy%n", baseline, median(during), max(during), during.size(), replies.size(),
                    replies.stream().filter(r -> r.startsWith("535")).count(), replies.stream().filter(BUSY::equals).count());
            assertThat(replies).hasSizeGreaterThanOrEqualTo(200).noneMatch(r -> r.startsWith("235"));
            assertThat(replies).as("some found every check busy").contains(BUSY);
            assertThat(replies).as("the others were checked and refused").allMatch(r -> r.equals(BUSY) || r.startsWith("535 5.7.8"));
            assertThat(max(during)).as("port 25 sessions during the flood").isLessThan(1000);
            assertThat(median(during)).as("no more than a few times the usual (%d ms)", baseline).isLessThan(Math.max(5 * baseline, 100));
        }
    }

    @Test
    void aFloodFromOneAddressShouldBeLockedOutWhileItsFirstChecksRun() throws Exception {
        TestCertificates ca = TestCertificates.newAuthority(dir.resolve("pki"));
        try (TestGateway gateway = start(ca, "maxFailuresPerIp: 10, maxFailuresPerUser: 10", 100)) {
            ConcurrentLinkedQueue<String> replies = new ConcurrentLinkedQueue<>();
            Flood.ready(gateway, ca, 100, 1, replies).go(Duration.ofSeconds(60)).await(); // each guesser until it is locked out
            assertThat(replies).noneMatch(r -> r.startsWith("235"));
            assertThat(replies.stream().filter(r -> r.startsWith("535"))).as("checked: at most the lockout's count")
                    .hasSizeLessThanOrEqualTo(10);
            assertThat(replies.stream().filter(LOCKED::equals)).as("then every guesser is locked out").hasSize(100);
            assertThat(replies).allMatch(r -> r.startsWith("535 5.7.8") || r.equals(BUSY) || r.equals(LOCKED));
        }
    }

    private TestGateway start(TestCertificates ca, String lockout, int perIp) throws Exception {
        TestCertificates.Issued server = ca.issue("server", "mail.contoso.test");
        return TestGateway.startYaml(dir.resolve("gw"), TestGateway.serverWithSubmission(server) + """
                  limits: {maxConnectionsPerIp: %d}
                  submission: {%s, failureDelay: 0ms}
                acceptedDomains:
                  - {domainName: contoso.test}
                mailboxes:
                  - primarySmtpAddress: alice@contoso.test
                    password: '%s'
                """.formatted(perIp, lockout, Passwords.hash("alice-secret".toCharArray())));
    }

    /**
     * Guessers on their own STARTTLS sessions from {@code sources} addresses (127.0.0.50...). Once
     * all are encrypted (the handshakes are not what is measured), they send wrong passwords at once,
     * each again after every answer, for a while; every final reply goes to {@code replies}.
     */
    private record Flood(CountDownLatch start, CountDownLatch done, long[] until) {

        static Flood ready(TestGateway gateway, TestCertificates ca, int guessers, int sources, ConcurrentLinkedQueue<String> replies)
                throws Exception {
            var context = ca.clientContext();
            Flood flood = new Flood(new CountDownLatch(1), new CountDownLatch(guessers), new long[1]);
            CountDownLatch encrypted = new CountDownLatch(guessers);
            String credentials = Base64.getEncoder().encodeToString("\0alice@contoso.test\0guess".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < guessers; i++) {
                String source = "127.0.0." + (50 + i % sources);
                Thread.ofVirtual().start(() -> {
                    try (SmtpTestClient c = SmtpTestClient.connectFrom(source, "127.0.0.1", gateway.port("Client Submission"))) {
                        c.reply();
                        c.command("EHLO guesser.example");
                        c.command("STARTTLS");
                        c.startTls(context, "mail.contoso.test");
                        c.command("EHLO guesser.example");
                        encrypted.countDown();
                        flood.start.await();
                        while (System.nanoTime() < flood.until[0]) {
                            String reply = c.command("AUTH PLAIN " + credentials);
                            if (reply == null || reply.startsWith("421")) {
                                break;
                            }
                            replies.add(reply);
                            if (reply.equals(LOCKED)) {
                                break;
                            }
                        }
                    } catch (Exception e) {
                        replies.add("failed: " + e);
                    } finally {
                        encrypted.countDown();
                        flood.done.countDown();
                    }
                });
            }
            encrypted.await();
            return flood;
        }

        Flood go(Duration time) {
            until[0] = System.nanoTime() + time.toNanos();
            start.countDown();
            return this;
        }

        boolean over() {
            return done.getCount() == 0;
        }

        void await() throws InterruptedException {
            done.await();
        }
    }

    /** A port-25 session up to the recipient, without the message (whose fsync would only add noise). */
    private static Duration port25Session(TestGateway gateway) throws Exception {
        long start = System.nanoTime();
        try (SmtpTestClient c = gateway.connect()) {
            assertThat(c.reply()).startsWith("220");
            assertThat(c.command("EHLO client.example")).startsWith("250");
            assertThat(c.command("MAIL FROM:<sender@example.com>")).startsWith("250");
            assertThat(c.command("RCPT TO:<alice@contoso.test>")).startsWith("250");
            assertThat(c.command("RSET")).startsWith("250");
            assertThat(c.command("QUIT")).startsWith("221");
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static long median(List<Duration> d) {
        return d.stream().mapToLong(Duration::toMillis).sorted().skip(d.size() / 2).findFirst().orElseThrow();
    }

    private static long max(List<Duration> d) {
        return d.stream().mapToLong(Duration::toMillis).max().orElseThrow();
    }
}
