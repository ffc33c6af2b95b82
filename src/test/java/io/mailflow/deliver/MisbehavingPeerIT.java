package io.mailflow.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailflow.admin.demo.SimulatedSmtpServer;
import io.mailflow.store.TraceRecord;
import io.mailflow.testing.GatewayProcess;
import io.mailflow.testing.SmtpSink;
import io.mailflow.testing.SmtpTestClient;
import io.mailflow.testing.TestGateway;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Next hops that bend the protocol, scripted line by line on a real socket: a server that accepts
 * the pipelined DATA after refusing every recipient, and one that drops the connection after
 * refusing some. The gateway must keep the answers it got and never send commands as message text.
 */
class MisbehavingPeerIT {

    @TempDir
    Path dir;
    TestGateway gateway;
    SmtpSink other;

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (other != null) {
            other.close();
        }
    }

    /** What the scripted server does once it has answered the RCPTs. */
    private enum AfterRcpt { ACCEPT_DATA_ANYWAY, HANG_UP }

    /** A one-connection-at-a-time SMTP server that refuses RCPTs for "gone" and records every line it reads. */
    private static final class ScriptedPeer implements AutoCloseable {
        final ServerSocket server;
        final List<String> lines = new CopyOnWriteArrayList<>();

        ScriptedPeer(AfterRcpt behaviour) throws Exception {
            server = new ServerSocket();
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        converse(s, behaviour);
                    } catch (Exception ignored) {
                        // next connection
                    }
                }
            });
        }

        private void converse(Socket s, AfterRcpt behaviour) throws Exception {
            OutputStream out = s.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            say(out, "220 scripted.example ESMTP");
            boolean inData = false;
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line;
                if (inData) {
                    if (line.equals(".")) {
                        inData = false;
                        say(out, "554 5.5.1 No valid recipients");
                    }
                } else if (verb.equals("EHLO")) {
                    say(out, "250-scripted.example\r\n250 PIPELINING");
                } else if (verb.equals("MAIL") || verb.equals("RSET")) {
                    say(out, "250 2.0.0 OK");
                } else if (verb.equals("RCPT")) {
                    say(out, line.contains("gone") ? "550 5.1.1 User unknown" : "250 2.1.5 OK");
                } else if (verb.equals("DATA")) {
                    if (behaviour == AfterRcpt.HANG_UP) {
                        return;
                    }
                    say(out, "354 go ahead anyway");
                    inData = true;
                } else if (verb.equals("QUIT")) {
                    say(out, "221 bye");
                    return;
                } else {
                    say(out, "502 5.5.2 not here");
                }
            }
        }

        private static void say(OutputStream out, String reply) throws Exception {
            out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            server.close();
        }
    }

    private void start(int first, int second) throws Exception {
        start(first, second, "1h");
    }

    private void start(int first, int second, String retry) throws Exception {
        gateway = TestGateway.start(dir.resolve("gw"), "", TestGateway.DIRECTORY + """
                outboundConnectors:
                  - name: To Fabrikam on-premises
                    connectorType: OnPremises
                    recipientDomains: [fabrikam.test]
                    useMxRecord: false
                    smartHosts: [127.0.0.1:%d, 127.0.0.1:%d]
                transport:
                  retryIntervals: [%s]
                  delayNotification: 0s
                """.formatted(first, second, retry));
    }

    private String send(List<String> to, String subject) throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connectFrom("127.0.0.2", "127.0.0.1", gateway.smtpPort())) {
            c.reply();
            return c.sendMail("alice@contoso.test", to, "Subject: " + subject + "\r\n\r\nhello\r\n");
        }
    }

    @Test
    void aServerThatAcceptsThePipelinedDataAfterRefusingEveryRecipientShouldGetAnEmptyMessageNotRsetAsText()
            throws Exception {
        try (ScriptedPeer peer = new ScriptedPeer(AfterRcpt.ACCEPT_DATA_ANYWAY)) {
            start(peer.port(), peer.port());
            assertThat(send(List.of("gone@fabrikam.test"), "nobody left")).startsWith("250");
            List<TraceRecord> trace = gateway.awaitTrace("gone@fabrikam.test", "FAIL");
            assertThat(trace).filteredOn(e -> e.event().equals("FAIL")).singleElement()
                    .satisfies(e -> assertThat(e.detail()).contains("550 5.1.1 User unknown"));
            await().atMost(Duration.ofSeconds(10)).until(() -> peer.lines.contains("RSET"));
            int data = peer.lines.indexOf("DATA");
            assertThat(peer.lines.subList(data + 1, peer.lines.size())).as("the lines after DATA: %s", peer.lines)
                    .startsWith(".", "RSET");
        }
    }

    @Test
    void aServerThatHangsUpAfterRefusingSomeRecipientsShouldKeepThoseRefusalsAndDeferTheRest() throws Exception {
        other = SmtpSink.start(dir.resolve("other"), GatewayProcess.freePort());
        try (ScriptedPeer peer = new ScriptedPeer(AfterRcpt.HANG_UP)) {
            start(peer.port(), other.port());
            // the first smart host of each attempt is the scripted one (round robin starts there)
            assertThat(send(List.of("gone@fabrikam.test", "here@fabrikam.test"), "half refused")).startsWith("250");
            List<TraceRecord> gone = gateway.awaitTrace("gone@fabrikam.test", "FAIL");
            assertThat(gone).filteredOn(e -> e.event().equals("FAIL")).singleElement()
                    .satisfies(e -> assertThat(e.detail()).contains("550 5.1.1 User unknown"));
            List<TraceRecord> here = gateway.awaitTrace("here@fabrikam.test", "DEFER");
            assertThat(here).filteredOn(e -> e.event().equals("DEFER")).first()
                    .satisfies(e -> assertThat(e.detail()).contains("450 4.4.318 Connection was closed abruptly"));
            assertThat(other.dumps()).as("the refused recipient never reaches the other smart host").isEmpty();
        }
    }

    @Test
    void aServerThatHangsUpAfterTheFinalDotShouldKeepItsRcptRefusalsAndDeferOnlyTheRecipientsItAccepted() throws Exception {
        try (SimulatedSmtpServer first = new SimulatedSmtpServer("first.fabrikam.test", 0, null);
                SimulatedSmtpServer second = new SimulatedSmtpServer("second.fabrikam.test", 0, null)) {
            first.replyToRecipient("gone@fabrikam.test", "550 5.1.1 User unknown").hangUpAfterData(true);
            // A short retry: a recipient wrongly deferred would be retried within the test, at the
            // second smart host (round robin), which accepts everyone.
            start(first.port(), second.port(), "1s");
            assertThat(send(List.of("gone@fabrikam.test", "here@fabrikam.test"), "dropped after the dot")).startsWith("250");

            // One trace per message: each recipient's events name it.
            List<TraceRecord> trace = gateway.awaitTrace("gone@fabrikam.test", "FAIL", "DSN", "DEFER", "SEND");
            List<TraceRecord> gone = trace.stream().filter(e -> "gone@fabrikam.test".equals(e.recipient())).toList();
            assertThat(gone).extracting(TraceRecord::event).contains("FAIL").doesNotContain("DEFER", "SEND");
            assertThat(gone).filteredOn(e -> e.event().equals("FAIL")).singleElement()
                    .satisfies(e -> assertThat(e.detail()).contains("550 5.1.1 User unknown"));
            await().atMost(Duration.ofSeconds(15)).until(() -> gateway.mailbox("alice@contoso.test").stream()
                    .anyMatch(f -> read(f).contains("Final-Recipient: rfc822; gone@fabrikam.test")));
            String ndr = gateway.mailbox("alice@contoso.test").stream().map(MisbehavingPeerIT::read)
                    .filter(m -> m.contains("Undeliverable")).findFirst().orElseThrow();
            assertThat(ndr).contains("Action: failed").contains("Diagnostic-Code: smtp; 550 5.1.1 User unknown")
                    .doesNotContain("Final-Recipient: rfc822; here@fabrikam.test");

            List<TraceRecord> here = trace.stream().filter(e -> "here@fabrikam.test".equals(e.recipient())).toList();
            assertThat(here).extracting(TraceRecord::event).containsSubsequence("DEFER", "SEND").doesNotContain("FAIL");
            assertThat(here).filteredOn(e -> e.event().equals("DEFER")).first().satisfies(e -> assertThat(e.detail())
                    .contains("450 4.4.318 Connection was closed abruptly after the end of data"));
            assertThat(here).filteredOn(e -> e.event().equals("SEND")).singleElement()
                    .satisfies(e -> assertThat(e.detail()).contains("127.0.0.1:" + second.port()));
            assertThat(first.recipientsSeen()).containsExactly("gone@fabrikam.test", "here@fabrikam.test");
            assertThat(second.recipientsSeen()).as("the refused recipient is never tried at the other smart host")
                    .containsExactly("here@fabrikam.test");
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
