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
 * TLS through the TLS engine.
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

    @Test
    void onAPlainConnectionTheMessageShouldGoByBdatFromTheSpoolToTheSocketByTheKernel() throws Exception {
        host = new SimulatedSmtpServer("mail.fabrikam.test", 0, null).offerChunking(true);
        int port = GatewayProcess.freePort();
        Path trace = dir.resolve("strace.txt");
        List<String> strace = List.of(Processes.tool("strace"), "-f", "-yy", "-e", "trace=sendfile", "-o", trace.toString());
        byte[] message = message();
        try (GatewayProcess gateway = GatewayProcess.startThrough(strace, config(port), port)) {
            send(port, message);
            assertThat(delivered()).as("byte for byte: nothing stuffed on the way out").isEqualTo(new String(message,
                    StandardCharsets.US_ASCII));
        }
        long sent = 0;
        // sendfile(out, in, ...); -yy shows the socket as TCP:[ours->127.0.0.1:port] (or TCPv6), the segment by its path
        Pattern call = Pattern.compile("sendfile\\(\\d+<TCP.*?:" + host.port() + "\\]>, \\d+<[^>]*/spool/seg-[0-9a-f]+\\.spool>"
                + ".*\\)\\s+=\\s+(\\d+)");
        List<String> lines = Files.readAllLines(trace);
        for (String line : lines) {
            Matcher m = call.matcher(line);
            if (m.find()) {
                sent += Long.parseLong(m.group(1));
            }
        }
        assertThat(sent).as("bytes sendfile moved from the spool to the next hop; the trace: %s",
                lines.stream().filter(l -> l.contains("sendfile")).limit(5).toList()).isGreaterThanOrEqualTo(message.length);
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
