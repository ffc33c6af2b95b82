package io.mailflow.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailflow.admin.demo.SimulatedSmtpServer;
import io.mailflow.testing.GatewayProcess;
import io.mailflow.testing.Processes;
import io.mailflow.testing.SmtpTestClient;
import io.mailflow.testing.TestCertificates;
import io.mailflow.testing.TestGateway;
import io.mailflow.tls.ServerTlsContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 1 MiB message relayed to a next hop that offers CHUNKING goes as one BDAT, byte for byte
 * (lines that start with a dot included, with no stuffing): on a plain connection by the kernel
 * from the spool segment that holds it to the socket ({@code sendfile}, seen under strace), under
 * TLS through the TLS engine. To a hop without CHUNKING it goes by DATA: a message in which no
 * line begins with a dot by {@code sendfile} too, one with such lines stuffed, whether it came in
 * by DATA or by BDAT.
 */
class StreamingDeliveryIT {

    @TempDir
    Path dir;

    private SimulatedSmtpServer host;

    @AfterEach
    void stop() throws Exception {
        if (host != null) {
            host.close();
        }
    }

    private static byte[] message() {
        StringBuilder body = new StringBuilder("Subject: a large report\r\nX-Test: streaming\r\n\r\n");
        for (int i = 0; body.length() < 1024 * 1024; i++) {
            body.append(i % 50 == 0 ? ".a line that starts with a dot " : "an ordinary line of the report ").append(i).append("\r\n");
        }
        return body.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private Path config(int port) throws Exception {
        return TestGateway.writeConfig(dir.resolve("gw"), port, "", TestGateway.DIRECTORY + """
                outboundConnectors:
                  - name: To Fabrikam on-premises
                    connectorType: OnPremises
                    recipientDomains: [fabrikam.test]
                    useMxRecord: false
                    smartHosts: [127.0.0.1:%d]
                """.formatted(host.port())).toAbsolutePath();
    }

    private static void send(int port, byte[] message) throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connect("127.0.0.1", port)) {
            c.reply();
            String stuffed = new String(message, StandardCharsets.US_ASCII).replace("\r\n.", "\r\n.."); // RFC 5321 §4.5.2
            assertThat(c.sendMail("carol@example.com", List.of("report@fabrikam.test"), stuffed)).startsWith("250 ");
        }
    }

    /** What the host received, without the Received: field we put in front. */
    private String delivered() {
        await().atMost(Duration.ofSeconds(30)).until(() -> !host.received().isEmpty());
        String got = new String(host.received().getFirst().content(), StandardCharsets.US_ASCII);
        return got.substring(got.indexOf("Subject: a large report"));
    }

    private static byte[] messageWithoutDotLines() {
        return new String(message(), StandardCharsets.US_ASCII).replace("\r\n.a line", "\r\na line").getBytes(StandardCharsets.US_ASCII);
    }

    /** A BDAT transaction: the octets as they are, in two chunks, no stuffing. */
    private static void sendByBdat(int port, byte[] message) throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connect("127.0.0.1", port)) {
            c.reply();
            assertThat(c.command("EHLO client.example.com")).contains("CHUNKING");
            assertThat(c.command("MAIL FROM:<carol@example.com>")).startsWith("250 ");
            assertThat(c.command("RCPT TO:<report@fabrikam.test>")).startsWith("250 ");
            int half = message.length / 2;
            c.send("BDAT " + half + "\r\n").sendBytes(java.util.Arrays.copyOfRange(message, 0, half));
            assertThat(c.reply()).startsWith("250 ");
            c.send("BDAT " + (message.length - half) + " LAST\r\n").sendBytes(java.util.Arrays.copyOfRange(message, half, message.length));
            assertThat(c.reply()).startsWith("250 ");
        }
    }

    /** Relays the message under strace; returns the bytes sendfile moved from a spool segment to the host. */
    private long relayedThroughSendfile(byte[] message, boolean bdat) throws Exception {
        int port = GatewayProcess.freePort();
        Path trace = dir.resolve("strace.txt");
        List<String> strace = List.of(Processes.tool("strace"), "-f", "-yy", "-e", "trace=sendfile", "-o", trace.toString());
        try (GatewayProcess gateway = GatewayProcess.startThrough(strace, config(port), port)) {
            if (bdat) {
                sendByBdat(port, message);
            } else {
                send(port, message);
            }
            assertThat(delivered()).as("byte for byte, as the host reads it").isEqualTo(new String(message,
                    StandardCharsets.US_ASCII));
        }
        long sent = 0;
        // sendfile(out, in, ...); -yy shows the socket as TCP:[ours->127.0.0.1:port] (or TCPv6), the segment by its path
        Pattern call = Pattern.compile("sendfile\\(\\d+<TCP.*?:" + host.port() + "\\]>, \\d+<[^>]*/spool/seg-[0-9a-f]+\\.spool>"
                + ".*\\)\\s+=\\s+(\\d+)");
        for (String line : Files.readAllLines(trace)) {
            Matcher m = call.matcher(line);
            if (m.find()) {
                sent += Long.parseLong(m.group(1));
            }
        }
        return sent;
    }

    @Test
    void onAPlainConnectionTheMessageShouldGoByBdatFromTheSpoolToTheSocketByTheKernel() throws Exception {
        host = new SimulatedSmtpServer("mail.fabrikam.test", 0, null).offerChunking(true);
        byte[] message = message();
        assertThat(relayedThroughSendfile(message, false)).as("bytes sendfile moved from the spool to the next hop")
                .isGreaterThanOrEqualTo(message.length);
    }

    @Test
    void withoutChunkingAMessageWithNoLineThatBeginsWithADotShouldGoByDataFromTheSpoolByTheKernel() throws Exception {
        host = new SimulatedSmtpServer("mail.fabrikam.test", 0, null);
        byte[] message = messageWithoutDotLines();
        assertThat(relayedThroughSendfile(message, false)).as("DATA content sendfile moved from the spool: all but the header we add")
                .isGreaterThanOrEqualTo(message.length);
    }

    @Test
    void withoutChunkingLinesThatBeginWithADotShouldBeStuffedAgainWhetherTheMessageCameByDataOrByBdat() throws Exception {
        host = new SimulatedSmtpServer("mail.fabrikam.test", 0, null);
        byte[] message = message();
        assertThat(relayedThroughSendfile(message, false)).as("read and stuffed, not sent as it is").isZero();
        host.close();
        host = new SimulatedSmtpServer("mail.fabrikam.test", 0, null);
        assertThat(relayedThroughSendfile(message, true)).as("read and stuffed, not sent as it is").isZero();
    }

    @Test
    void underTlsTheMessageShouldGoByBdatThroughTheTlsEngine() throws Exception {
        TestCertificates ca = TestCertificates.newAuthority(dir.resolve("pki"));
        TestCertificates.Issued cert = ca.issue("server", "mail.fabrikam.test");
        SSLContext tls = ServerTlsContext.fromPem(cert.certificateFile(), cert.keyFile()).context();
        host = new SimulatedSmtpServer("mail.fabrikam.test", 0, tls).offerChunking(true);
        try (TestGateway gateway = TestGateway.startFromFile(config(0))) {
            byte[] message = message();
            send(gateway.smtpPort(), message);
            assertThat(delivered()).isEqualTo(new String(message, StandardCharsets.US_ASCII));
            assertThat(host.received().getFirst().tls()).as("opportunistic STARTTLS was used").startsWith("TLSv1.");
        }
    }
}
