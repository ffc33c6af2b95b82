package io.mailflow.receive;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.testing.SmtpTestClient;
import io.mailflow.testing.TestGateway;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Limits and protocol order against the real server; after every abuse it still answers normally. */
class ProtocolLimitsIT {

    @TempDir
    static Path dir;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.start(dir, """
                  limits:
                    maxMessageSize: 64KB
                    maxRecipientsPerMessage: 500
                    maxConnections: 6
                    maxConnectionsPerIp: 3
                    maxProtocolErrors: 5
                    maxRejectedRecipients: 3
                    commandTimeout: 2s
                    dataTimeout: 2s
                """, TestGateway.DIRECTORY + TestGateway.UNREACHABLE_CONNECTOR);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static SmtpTestClient greeted() throws Exception {
        SmtpTestClient c = gateway.connect();
        assertThat(c.reply()).startsWith("220 mail.contoso.test");
        assertThat(c.command("EHLO client.example")).startsWith("250");
        return c;
    }

    @Test
    void ehloShouldAdvertiseEveryExtensionOfTheIssue() throws Exception {
        try (SmtpTestClient c = gateway.connect()) {
            c.reply();
            String ehlo = c.command("EHLO client.example");
            assertThat(ehlo.lines().map(l -> l.substring(4))).contains("SIZE 65536", "PIPELINING", "DSN", "ENHANCEDSTATUSCODES",
                    "STARTTLS", "8BITMIME", "CHUNKING", "SMTPUTF8");
        }
    }

    @Test
    void commandsOutOfOrderShouldGet503AndChangeNothing() throws Exception {
        try (SmtpTestClient c = gateway.connect()) {
            c.reply();
            assertThat(c.command("MAIL FROM:<a@example.com>")).startsWith("503 5.5.1");
            c.command("EHLO client.example");
            assertThat(c.command("RCPT TO:<alice@contoso.test>")).startsWith("503 5.5.1");
            assertThat(c.command("DATA")).startsWith("503 5.5.1");
            assertThat(c.command("MAIL FROM:<a@example.com>")).startsWith("250");
            assertThat(c.command("MAIL FROM:<b@example.com>")).startsWith("503 5.5.1");
            assertThat(c.command("DATA")).as("DATA needs a recipient").startsWith("503 5.5.1");
            assertThat(c.command("RSET")).startsWith("250");
            assertThat(c.command("NOOP")).startsWith("250");
        }
    }

    @Test
    void refusedBdatShouldStillConsumeItsOctets() throws Exception {
        try (SmtpTestClient c = greeted()) {
            c.send("BDAT 14\r\nMAIL FROM:<>\r\n");
            assertThat(c.reply()).startsWith("503 5.5.1");
            assertThat(c.command("NOOP")).as("the 14 octets were data, not a command").startsWith("250");
        }
    }

    @Test
    void extensionsShouldBeRefusedWhereTheyWereNotOffered() throws Exception {
        try (SmtpTestClient c = gateway.connect()) {
            c.reply();
            assertThat(c.command("HELO client.example")).startsWith("250");
            assertThat(c.command("MAIL FROM:<a@example.com> SIZE=100")).as("HELO offers no SIZE").startsWith("555 5.5.4");
            assertThat(c.command("MAIL FROM:<a@example.com>")).startsWith("250");
            assertThat(c.command("RCPT TO:<bob@contoso.test> NOTIFY=NEVER")).as("HELO offers no DSN").startsWith("555 5.5.4");
            assertThat(c.command("RCPT TO:<bob@contoso.test> ORCPT=rfc822;bob@contoso.test")).startsWith("555 5.5.4");
            assertThat(c.command("RCPT TO:<bob@contoso.test>")).startsWith("250");
            c.send("BDAT 14 LAST\r\nMAIL FROM:<>\r\n");
            assertThat(c.reply()).as("HELO offers no CHUNKING").startsWith("503 5.5.1");
            assertThat(c.command("NOOP")).as("the 14 octets were still read as data").startsWith("250");
        }
        try (SmtpTestClient c = greeted()) {
            assertThat(c.command("MAIL FROM:<a@example.com> AUTH=<>")).as("no AUTH on this listener").startsWith("555 5.5.4");
            assertThat(c.command("MAIL FROM:<a@example.com>")).startsWith("250");
        }
    }

    @Test
    void overlongLinesAndNulsShouldBeRefusedWithoutDroppingTheSession() throws Exception {
        try (SmtpTestClient c = greeted()) {
            assertThat(c.command("NOOP " + "A".repeat(5000))).startsWith("500 5.5.2");
            c.sendBytes("NOOP\0x\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(c.reply()).startsWith("500 5.5.2");
            assertThat(c.command("NOOP")).startsWith("250");
            c.command("MAIL FROM:<a@example.com>");
            c.command("RCPT TO:<alice@contoso.test>");
            c.command("DATA");
            c.sendBytes("Subject: nul\r\n\r\nbad\0byte\r\n.\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(c.reply()).startsWith("554 5.6.0");
            assertThat(c.command("NOOP")).startsWith("250");
        }
    }

    @Test
    void aHundredKilobyteLineInsideAMessageShouldBeAcceptedIntact() throws Exception {
        try (SmtpTestClient c = gateway.connect()) {
            c.reply();
            String line = "x".repeat(50_000);
            assertThat(c.sendMail("a@example.com", List.of("bob@contoso.test"), "Subject: long\r\n\r\n" + line + "\r\n"))
                    .startsWith("250");
        }
    }

    @Test
    void tooManyErrorsShouldCloseTheConnection() throws Exception {
        try (SmtpTestClient c = gateway.connect()) {
            c.reply();
            for (int i = 0; i < 5; i++) {
                assertThat(c.command("BOGUS")).startsWith("500");
            }
            assertThat(c.command("BOGUS")).startsWith("421 4.7.0");
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void probingAddressesShouldEndTheSessionAfterTooManyRejectedRecipients() throws Exception {
        try (SmtpTestClient c = greeted()) {
            c.command("MAIL FROM:<a@example.com>");
            assertThat(c.command("RCPT TO:<guess1@contoso.test>")).startsWith("550 5.4.1");
            assertThat(c.command("RCPT TO:<alice@contoso.test>")).as("accepted ones do not count").startsWith("250");
            assertThat(c.command("RCPT TO:<guess2@contoso.test>")).startsWith("550 5.4.1");
            c.command("RSET");
            c.command("MAIL FROM:<a@example.com>");
            assertThat(c.command("RCPT TO:<x@external.example>")).as("the count is per session").startsWith("550 5.7.64");
            assertThat(c.command("RCPT TO:<guess3@contoso.test>")).isEqualTo(
                    "421 4.7.0 Too many rejected recipients, closing transmission channel");
            assertThat(c.closedByServer()).isTrue();
        }
        try (SmtpTestClient c = greeted()) {
            c.command("MAIL FROM:<a@example.com>");
            assertThat(c.command("RCPT TO:<guess4@contoso.test>")).as("a new session starts again").startsWith("550 5.4.1");
        }
    }

    @Test
    void aThousandRecipientsShouldStopAtTheLimitWith452() throws Exception {
        try (SmtpTestClient c = greeted()) {
            c.command("MAIL FROM:<a@example.com>");
            StringBuilder pipelined = new StringBuilder();
            for (int i = 0; i < 1000; i++) {
                pipelined.append("RCPT TO:<r").append(i).append("@fabrikam.test>\r\n");
            }
            c.send(pipelined.toString());
            List<String> replies = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                replies.add(c.reply());
            }
            assertThat(replies.subList(0, 500)).allMatch(r -> r.startsWith("250 2.1.5"));
            assertThat(replies.subList(500, 1000)).allMatch(r -> r.equals("452 4.5.3 Too many recipients"));
            assertThat(c.command("DATA")).startsWith("354");
            c.send("Subject: many\r\n\r\nhi\r\n.\r\n");
            assertThat(c.reply()).startsWith("250 2.0.0");
        }
    }

    @Test
    void declaredAndActualSizeOverTheLimitShouldGet552() throws Exception {
        try (SmtpTestClient c = greeted()) {
            assertThat(c.command("MAIL FROM:<a@example.com> SIZE=100000")).startsWith("552 5.3.4");
            c.command("MAIL FROM:<a@example.com> SIZE=1000");
            c.command("RCPT TO:<alice@contoso.test>");
            c.command("DATA");
            c.send("Subject: big\r\n\r\n" + ("y".repeat(998) + "\r\n").repeat(80) + ".\r\n");
            assertThat(c.reply()).startsWith("552 5.3.4");
            assertThat(c.command("NOOP")).startsWith("250");
        }
    }

    @Test
    void nonAsciiAddressShouldNeedSmtpUtf8() throws Exception {
        try (SmtpTestClient c = greeted()) {
            c.command("MAIL FROM:<a@example.com>");
            assertThat(c.command("RCPT TO:<jörg@fabrikam.test>")).startsWith("553 5.6.7");
            c.command("RSET");
            assertThat(c.command("MAIL FROM:<jörg@example.com> SMTPUTF8")).startsWith("250");
            assertThat(c.command("RCPT TO:<jörg@fabrikam.test>")).startsWith("250");
            assertThat(c.command("RCPT TO:<jörg@bücher.example>")).as("IDN outside our domains: still no relay")
                    .startsWith("550 5.7.64");
        }
    }

    @Test
    void messageWithMoreThanTwentyOfOurReceivedHopsShouldBeALoop() throws Exception {
        String hop = "Received: from a ([192.0.2.1])\r\n\tby mail.contoso.test (Mailflow) with ESMTP id X; Fri, 27 Nov 2026 10:00:00 +0000\r\n";
        try (SmtpTestClient c = gateway.connect()) {
            c.reply();
            assertThat(c.sendMail("a@example.com", List.of("bob@contoso.test"), hop.repeat(21) + "Subject: loop\r\n\r\nx\r\n"))
                    .isEqualTo("554 5.4.14 Routing loop detected");
        }
        try (SmtpTestClient c = gateway.connect()) {
            c.reply();
            assertThat(c.sendMail("a@example.com", List.of("bob@contoso.test"), hop.repeat(20) + "Subject: twenty\r\n\r\nx\r\n"))
                    .startsWith("250");
        }
    }

    @Test
    void bdatChunksShouldMakeOneMessage() throws Exception {
        try (SmtpTestClient c = greeted()) {
            c.command("MAIL FROM:<a@example.com> BODY=8BITMIME");
            c.command("RCPT TO:<bob@contoso.test>");
            String part1 = "Subject: chunked\r\nX-Marker: bdat-1\r\n\r\nfirst ";
            String part2 = "second\r\n";
            c.send("BDAT " + part1.length() + "\r\n" + part1);
            assertThat(c.reply()).startsWith("250 2.0.0");
            c.send("BDAT " + part2.length() + " LAST\r\n" + part2);
            assertThat(c.reply()).startsWith("250 2.0.0 OK: queued as");
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> SmugglingIT.contents(gateway, "bob@contoso.test")
                .stream().anyMatch(s -> s.contains("X-Marker: bdat-1\n\nfirst second\n")));
    }

    @Test
    void bdatWithABareLineFeedShouldBeRefused() throws Exception {
        try (SmtpTestClient c = greeted()) {
            c.command("MAIL FROM:<a@example.com>");
            c.command("RCPT TO:<bob@contoso.test>");
            String body = "Subject: x\r\n\r\nbare\nfeed\r\n";
            c.send("BDAT " + body.length() + " LAST\r\n" + body);
            assertThat(c.reply()).startsWith("550 5.5.2");
        }
    }

    @Test
    void idleAndTricklingClientsShouldBeTimedOut() throws Exception {
        try (SmtpTestClient c = gateway.connect()) {
            c.reply();
            long start = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                c.send("N");
                String r = readWithin(c, 300);
                if (r != null) {
                    assertThat(r).startsWith("421 4.4.2");
                    break;
                }
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
        try (SmtpTestClient c = greeted()) {
            assertThat(c.reply()).as("idle client").startsWith("421 4.4.2");
        }
        try (SmtpTestClient c = greeted()) {
            assertThat(c.command("NOOP")).as("the server still answers normally").startsWith("250");
        }
    }

    @Test
    void aTransferLongerThanTheCommandTimeoutShouldNotTimeOutTheNextCommand() throws Exception {
        // commandTimeout is 2s: each message arrives over about 2.5s, a piece every 500ms (within dataTimeout)
        try (SmtpTestClient c = greeted()) {
            c.command("MAIL FROM:<a@example.com>");
            c.command("RCPT TO:<bob@contoso.test>");
            assertThat(c.command("DATA")).startsWith("354");
            trickle(c, "Subject: slow data\r\n\r\n" + "line\r\n".repeat(5) + ".\r\n");
            assertThat(c.reply()).startsWith("250 2.0.0 OK: queued as");
            Thread.sleep(200); // a client across a real network is not back within a millisecond
            assertThat(c.command("NOOP")).as("the command after DATA").startsWith("250");
            c.command("MAIL FROM:<a@example.com>");
            c.command("RCPT TO:<bob@contoso.test>");
            String body = "Subject: slow bdat\r\n\r\n" + "line\r\n".repeat(5);
            c.send("BDAT " + body.length() + " LAST\r\n");
            trickle(c, body);
            assertThat(c.reply()).startsWith("250 2.0.0 OK: queued as");
            Thread.sleep(200);
            assertThat(c.command("NOOP")).as("the command after BDAT").startsWith("250");
        }
    }

    /** Sends the text in five pieces, 500ms apart: a slow link, not an idle client. */
    private static void trickle(SmtpTestClient c, String text) throws Exception {
        int piece = (text.length() + 4) / 5;
        for (int i = 0; i < text.length(); i += piece) {
            Thread.sleep(500);
            c.send(text.substring(i, Math.min(text.length(), i + piece)));
        }
    }

    /** Reads a reply if one arrives within the time; null otherwise. */
    private static String readWithin(SmtpTestClient c, int millis) throws Exception {
        c.socket().setSoTimeout(millis);
        try {
            return c.reply();
        } catch (java.net.SocketTimeoutException e) {
            return null;
        } finally {
            c.socket().setSoTimeout(10_000);
        }
    }

    @Test
    void connectionLimitsShouldRefuseWith421PerIpAndInAll() throws Exception {
        // the sessions of earlier tests count until their threads have seen the client go
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(
                () -> gateway.gateway().metrics().get("mailflow_smtp_connections_active").gauge().value() == 0);
        List<SmtpTestClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                open.add(greeted());
            }
            try (SmtpTestClient fourth = gateway.connect()) {
                assertThat(fourth.reply()).startsWith("421 4.7.0");
            }
            for (int i = 0; i < 3; i++) {
                SmtpTestClient c = SmtpTestClient.connectFrom("127.0.0.3", "127.0.0.1", gateway.smtpPort());
                open.add(c);
                assertThat(c.reply()).startsWith("220");
            }
            try (SmtpTestClient seventh = SmtpTestClient.connectFrom("127.0.0.4", "127.0.0.1", gateway.smtpPort())) {
                assertThat(seventh.reply()).startsWith("421 4.3.2");
            }
        } finally {
            for (SmtpTestClient c : open) {
                c.close();
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            try (SmtpTestClient again = gateway.connect()) {
                assertThat(again.reply()).startsWith("220");
            }
        });
    }

    @Test
    void dsnParametersShouldBeStoredWithEachRecipient() throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connectFrom("127.0.0.2", "127.0.0.1", gateway.smtpPort())) {
            c.reply();
            c.command("EHLO app.contoso.test");
            assertThat(c.command("MAIL FROM:<app@contoso.test> RET=HDRS ENVID=QQ+2B314")).startsWith("250");
            assertThat(c.command("RCPT TO:<user@external.example> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;user+2Bx@external.example"))
                    .startsWith("250");
            assertThat(c.command("RCPT TO:<other@external.example> NOTIFY=NEVER")).startsWith("250");
            assertThat(c.command("RCPT TO:<third@external.example> NOTIFY=NEVER,DELAY")).startsWith("501 5.5.4");
            c.command("DATA");
            c.send("Subject: dsn\r\n\r\nx\r\n.\r\n");
            String reply = c.reply();
            String id = reply.substring(reply.lastIndexOf(' ') + 1);
            var entry = gateway.gateway().store().queued(id).orElseThrow();
            assertThat(entry.message().attribute("dsnRet")).isEqualTo("HDRS");
            assertThat(entry.message().attribute("dsnEnvid")).isEqualTo("QQ+314");
            assertThat(entry.recipients()).extracting(r -> r.address() + "|" + r.dsnNotify() + "|" + r.orcpt())
                    .containsExactly("user@external.example|FAILURE,SUCCESS|rfc822;user+2Bx@external.example",
                            "other@external.example|NEVER|null");
        }
    }
}
