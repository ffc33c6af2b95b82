package io.mailflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailflow.testing.GatewayProcess;
import io.mailflow.testing.TestGateway;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory bounded by design: fifty clients at once each send a 36 MB text message through a
 * gateway started by the launcher (its own JVM settings), and a mail flow rule reads every
 * body. Every message is accepted, the rule applies to each, the gateway does not run out of
 * memory, and its resident memory never reaches 1 GB.
 */
class LargeMessageRulesIT {

    private static final int CLIENTS = 50;
    /** Just under the default maxMessageSize (36 MB), header included. */
    private static final int BODY_BYTES = 36 * 1024 * 1024 - 64 * 1024;
    private static final long PEAK_RSS_LIMIT = 1024L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void fiftyConcurrentLargeMessagesThroughABodyRuleShouldAllBeAcceptedInBoundedMemory() throws Exception {
        int port = GatewayProcess.freePort();
        Path config = TestGateway.writeConfig(dir, port, "", TestGateway.DIRECTORY + """
                transportRules:
                  - name: Scan bodies
                    subjectOrBodyContainsWords: [needle]
                    prependSubject: '[scanned] '
                """).toAbsolutePath();
        byte[] message = message();
        try (GatewayProcess gateway = GatewayProcess.startWithLauncher(config, port)) {
            ConcurrentLinkedQueue<String> replies = new ConcurrentLinkedQueue<>();
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(Thread.ofVirtual().start(() -> replies.add(send(port, message))));
            }
            for (Thread t : clients) {
                t.join(Duration.ofMinutes(5));
            }
            assertThat(replies).hasSize(CLIENTS).allSatisfy(r -> assertThat(r).startsWith("250 "));
            Path maildir = dir.resolve("data/mailboxes/alice@contoso.test/Maildir/new");
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).until(() -> count(maildir) == CLIENTS);
            try (Stream<Path> files = Files.list(maildir)) {
                for (Path f : files.toList()) {
                    assertThat(subject(f)).as(f.getFileName().toString()).isEqualTo("[scanned] A large report");
                }
            }
            assertThat(gateway.isAlive()).as("the gateway is still running (no OutOfMemoryError exit)").isTrue();
            long peak = gateway.peakResidentBytes();
            System.out.printf("LargeMessageRulesIT: %d x %d MB accepted; gateway peak RSS %d MB%n", CLIENTS,
                    message.length / (1024 * 1024), peak / (1024 * 1024));
            assertThat(peak).as("peak resident memory, %d MB", peak / (1024 * 1024)).isLessThan(PEAK_RSS_LIMIT);
            assertThat(gateway.log()).doesNotContain("OutOfMemoryError");
        }
    }

    /** A plain-text message of about 36 MB whose first line holds the word the rule looks for. */
    private static byte[] message() {
        StringBuilder head = new StringBuilder("From: <bob@example.com>\r\nTo: <alice@contoso.test>\r\n"
                + "Subject: A large report\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
                + "Look for the needle in this report.\r\n");
        byte[] line = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] start = head.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[start.length + BODY_BYTES / line.length * line.length];
        System.arraycopy(start, 0, out, 0, start.length);
        for (int at = start.length; at < out.length; at += line.length) {
            System.arraycopy(line, 0, out, at, line.length);
        }
        return out;
    }

    /** One SMTP transaction; returns the reply to the end of data. */
    private static String send(int port, byte[] message) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(300_000);
            InputStream in = s.getInputStream();
            OutputStream out = new BufferedOutputStream(s.getOutputStream(), 64 * 1024);
            expect(in, "220");
            command(out, in, "EHLO client.example", "250");
            command(out, in, "MAIL FROM:<bob@example.com> SIZE=" + message.length, "250");
            command(out, in, "RCPT TO:<alice@contoso.test>", "250");
            command(out, in, "DATA", "354");
            out.write(message); // no line starts with a dot: nothing to stuff
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return reply(in);
        } catch (IOException e) {
            return "failed: " + e;
        }
    }

    private static void command(OutputStream out, InputStream in, String line, String expected) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        expect(in, expected);
    }

    private static void expect(InputStream in, String code) throws IOException {
        String r = reply(in);
        if (!r.startsWith(code)) {
            throw new IOException("expected " + code + ", got " + r);
        }
    }

    /** The whole reply, multi-line replies joined; its last line tells the code. */
    private static String reply(InputStream in) throws IOException {
        StringBuilder all = new StringBuilder();
        while (true) {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("connection closed after: " + all + line);
                }
                line.append((char) c);
            }
            all.append(line).append('\n');
            if (line.length() < 4 || line.charAt(3) != '-') {
                return line.toString().strip();
            }
        }
    }

    private static long count(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    private static String subject(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            String head = new String(in.readNBytes(8192), StandardCharsets.US_ASCII);
            for (String l : head.split("\r?\n")) {
                if (l.startsWith("Subject: ")) {
                    return l.substring("Subject: ".length());
                }
            }
        }
        return null;
    }
}
