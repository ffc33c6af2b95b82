package io.mailflow.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailflow.testing.GatewayProcess;
import io.mailflow.testing.SmtpTestClient;
import io.mailflow.testing.TestGateway;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash test: concurrent clients, {@code kill -9} in the middle of the stream, restart, and
 * every message that got 250 is delivered exactly once with the same bytes; small messages (held
 * in memory until the commit appends them to the spool) and 1 MiB ones (written into the spool by
 * the session while they arrive) alike.
 */
class DurabilityIT {

    private static final int CLIENTS = 8;

    @TempDir
    Path dir;

    @Test
    void everyMessageThatGot250ShouldSurviveKillNineExactlyOnce() throws Exception {
        int port = GatewayProcess.freePort();
        Path config = TestGateway.writeConfig(dir, port, "", TestGateway.DIRECTORY + TestGateway.UNREACHABLE_CONNECTOR)
                .toAbsolutePath();
        Map<String, String> acked = new ConcurrentHashMap<>();
        Map<String, String> queuedForRelay = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch enough = new CountDownLatch(300);
        try (GatewayProcess first = GatewayProcess.start(config, port)) {
            List<Thread> clients = Stream.iterate(0, i -> i + 1).limit(CLIENTS)
                    .map(i -> Thread.ofVirtual().start(() -> send(i, port, acked, queuedForRelay, stop, enough))).toList();
            enough.await();
            first.kill9();
            stop.set(true);
            for (Thread t : clients) {
                t.join(Duration.ofSeconds(30));
            }
        }
        assertThat(acked).hasSizeGreaterThanOrEqualTo(300);
        try (GatewayProcess second = GatewayProcess.start(config, port)) {
            Path maildir = dir.resolve("data/mailboxes/alice@contoso.test/Maildir/new");
            await().atMost(Duration.ofSeconds(60)).until(() -> delivered(maildir).keySet().containsAll(acked.keySet()));
            Map<String, List<String>> found = delivered(maildir);
            for (Map.Entry<String, String> e : acked.entrySet()) {
                assertThat(found.get(e.getKey())).as("message %s exactly once, same body", e.getKey()).containsExactly(e.getValue());
            }
            assertThat(found.values()).allMatch(copies -> copies.size() == 1);
            var queued = io.mailflow.testing.GatewayProcess.cli("queue", "list", "--config", config.toString(), "--json");
            for (String id : queuedForRelay.keySet()) {
                assertThat(queued.output()).as("relay recipient of %s still queued after the crash", id).contains(id);
            }
        }
    }

    /** One client: sends messages until told to stop, remembering the body hash of each that got 250. */
    private static void send(int client, int port, Map<String, String> acked, Map<String, String> relay, AtomicBoolean stop,
            CountDownLatch enough) {
        Random random = new Random(client);
        int n = 0;
        while (!stop.get()) {
            try (SmtpTestClient c = SmtpTestClient.connect("127.0.0.1", port)) {
                c.reply();
                c.command("EHLO client" + client + ".example");
                while (!stop.get()) {
                    String id = "c" + client + "-" + n++;
                    String line = "body of " + id + " " + HexFormat.of().formatHex(random.ints(64, 0, 256)
                            .collect(java.io.ByteArrayOutputStream::new, java.io.ByteArrayOutputStream::write, (a, b) -> { })
                            .toByteArray()) + "\r\n";
                    // every third message is about 1 MiB: written into the spool by the session as it arrives
                    String body = n % 3 == 0 ? line.repeat(1024 * 1024 / line.length()) : line;
                    boolean withRelay = n % 5 == 0;
                    String reply;
                    reply = mail(c, id, body, withRelay);
                    if (reply != null && reply.startsWith("250")) {
                        acked.put(id, sha256(body));
                        if (withRelay) {
                            relay.put(reply.substring(reply.lastIndexOf(' ') + 1), id);
                        }
                        enough.countDown();
                    }
                }
            } catch (Exception connectionGone) {
                // the gateway was killed: this client's in-flight message may or may not be stored
            }
        }
    }

    private static String mail(SmtpTestClient c, String id, String body, boolean withRelay) throws Exception {
        c.command("MAIL FROM:<sender@example.com>");
        c.command("RCPT TO:<alice@contoso.test>");
        if (withRelay) {
            c.command("RCPT TO:<onprem-" + id + "@fabrikam.test>");
        }
        c.command("DATA");
        c.send("Subject: " + id + "\r\nX-Test-Id: " + id + "\r\n\r\n" + body + ".\r\n");
        return c.reply();
    }

    /** X-Test-Id → body hashes of every copy delivered. */
    private static Map<String, List<String>> delivered(Path maildir) throws Exception {
        Map<String, List<String>> out = new java.util.HashMap<>();
        if (!Files.isDirectory(maildir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(maildir)) {
            for (Path f : files.toList()) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                int idAt = text.indexOf("X-Test-Id: ");
                String id = text.substring(idAt + 11, text.indexOf("\n", idAt));
                // the Maildir file has LF line endings where the client sent CRLF
                String body = text.substring(text.indexOf("\n\n") + 2).replace("\n", "\r\n");
                out.computeIfAbsent(id, k -> new java.util.ArrayList<>()).add(sha256(body));
            }
        }
        return out;
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
