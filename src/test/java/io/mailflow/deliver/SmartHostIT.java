package io.mailflow.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailflow.store.TraceRecord;
import io.mailflow.testing.GatewayProcess;
import io.mailflow.testing.SmtpSink;
import io.mailflow.testing.SmtpTestClient;
import io.mailflow.testing.TestGateway;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's smart-host behaviours against Postfix's smtp-sink as the on-premises servers: round
 * robin (S9), failover (S10), 5xx = NDR at once (S11), name tie-break (S12), IP smart hosts (S15).
 */
class SmartHostIT {

    @TempDir
    Path dir;
    TestGateway gateway;
    SmtpSink a;
    SmtpSink b;

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        for (SmtpSink s : new SmtpSink[] {a, b}) {
            if (s != null) {
                s.close();
            }
        }
    }

    private void start(String[] optionsA, String[] optionsB, String extraConnectors) throws Exception {
        a = SmtpSink.start(dir.resolve("a"), GatewayProcess.freePort(), optionsA);
        b = SmtpSink.start(dir.resolve("b"), GatewayProcess.freePort(), optionsB);
        gateway = TestGateway.start(dir.resolve("gw"), "", TestGateway.DIRECTORY + """
                outboundConnectors:
                  - name: To Fabrikam on-premises
                    connectorType: OnPremises
                    recipientDomains: [fabrikam.test]
                    useMxRecord: false
                    smartHosts: [127.0.0.1:%d, 127.0.0.1:%d]
                %s
                transport:
                  retryIntervals: [1s]
                  smartHostDownTime: 1s
                  smartHostConnectTimeout: 2s
                  delayNotification: 0s
                """.formatted(a.port(), b.port(), extraConnectors));
    }

    private String send(String from, List<String> to, String body) throws Exception {
        try (SmtpTestClient c = gateway.connect()) {
            c.reply();
            return c.sendMail(from, to, "Subject: " + body + "\r\nX-Marker: " + body + "\r\n\r\n" + body + "\r\n");
        }
    }

    private List<String> mailbox(String address) {
        return gateway.mailbox(address).stream().map(f -> {
            try {
                return Files.readString(f, StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                return "";
            }
        }).toList();
    }

    @Test
    void S9_smartHostsShouldShareTheMailRoundRobin() throws Exception {
        start(new String[0], new String[0], "");
        for (int i = 0; i < 10; i++) {
            assertThat(send("alice@contoso.test", List.of("user" + i + "@fabrikam.test"), "rr" + i)).startsWith("250");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> a.count() + b.count() == 10);
        assertThat(a.count()).isEqualTo(5);
        assertThat(b.count()).isEqualTo(5);
        assertThat(gateway.awaitTrace("user0@fabrikam.test", "SEND")).anySatisfy(e -> assertThat(e.event()).isEqualTo("SEND"))
                .anySatisfy(e -> assertThat(e.detail()).contains("\"connector\":\"To Fabrikam on-premises\""));
    }

    @Test
    void S10_whenOneSmartHostRefusesConnectionsAllMailShouldReachTheOtherAndTheLoadReturnsToEvenWhenItComesBack() throws Exception {
        start(new String[0], new String[0], "");
        a.down();
        for (int i = 0; i < 6; i++) {
            assertThat(send("alice@contoso.test", List.of("down" + i + "@fabrikam.test"), "down" + i)).startsWith("250");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> b.count() == 6);
        // no mail waits for a retry: the failover happened within the attempt (the queue empties as the replies come in)
        gateway.awaitQueueEmpty();
        for (int i = 0; i < 6; i++) {
            assertThat(gateway.awaitTrace("down" + i + "@fabrikam.test", "SEND")).extracting(TraceRecord::event).doesNotContain("DEFER");
        }
        assertThat(gateway.trace("down0@fabrikam.test")).filteredOn(e -> e.event().equals("SEND")).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("127.0.0.1:" + b.port()).contains("failover")
                        .contains("127.0.0.1:" + a.port() + ": 450 4.4.316 Connection refused"));
        a.up();
        Thread.sleep(1_100); // let the one-second smartHostDownTime pass, as an administrator would wait
        for (int i = 0; i < 6; i++) {
            send("alice@contoso.test", List.of("back" + i + "@fabrikam.test"), "back" + i);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> a.count() + b.count() == 12);
        assertThat(a.count()).as("back to an even share").isEqualTo(3);
        assertThat(b.count()).isEqualTo(9);
    }

    @Test
    void S11_aPermanentErrorShouldFailAtOnceWithAnNdrAndTheOtherSmartHostNeverSeesTheMessage() throws Exception {
        start(new String[] {"-f", "RCPT"}, new String[0], "");
        assertThat(send("alice@contoso.test", List.of("gone@fabrikam.test"), "s11")).startsWith("250");
        await().atMost(Duration.ofSeconds(20)).until(() -> mailbox("alice@contoso.test").stream().anyMatch(m -> m.contains("Undeliverable")));
        assertThat(b.count()).as("the second smart host never saw it").isZero();
        assertThat(a.count()).isZero();
        String ndr = mailbox("alice@contoso.test").stream().filter(m -> m.contains("Undeliverable")).findFirst().orElseThrow();
        assertThat(ndr).contains("Content-Type: multipart/report; report-type=delivery-status")
                .contains("From: \"Mail Delivery System\" <postmaster@contoso.test>")
                .contains("Final-Recipient: rfc822; gone@fabrikam.test").contains("Action: failed").contains("Status: 5.3.0")
                .contains("Remote-MTA: dns; 127.0.0.1\n").contains("Diagnostic-Code: smtp; 500 5.3.0")
                .contains("X-Marker: s11");
        List<TraceRecord> events = gateway.awaitTrace("gone@fabrikam.test", "FAIL", "DSN");
        assertThat(events).extracting(TraceRecord::event).containsSubsequence("RECEIVE", "ROUTE").contains("FAIL", "DSN");
        gateway.awaitQueueEmpty();
    }

    @Test
    void aSmartHostThatHangsShouldBePassedOverAfterTheReplyTimeout() throws Exception {
        a = SmtpSink.start(dir.resolve("a"), GatewayProcess.freePort(), "-W", "MAIL:30");
        b = SmtpSink.start(dir.resolve("b"), GatewayProcess.freePort());
        gateway = TestGateway.start(dir.resolve("gw"), "", TestGateway.DIRECTORY + """
                outboundConnectors:
                  - name: To Fabrikam on-premises
                    connectorType: OnPremises
                    recipientDomains: [fabrikam.test]
                    useMxRecord: false
                    smartHosts: [127.0.0.1:%d, 127.0.0.1:%d]
                transport:
                  replyTimeout: 3s
                """.formatted(a.port(), b.port()));
        assertThat(send("alice@contoso.test", List.of("patient@fabrikam.test"), "hang")).startsWith("250");
        await().atMost(Duration.ofSeconds(15)).until(() -> b.count() == 1);
        assertThat(a.count()).isZero();
        assertThat(gateway.awaitTrace("patient@fabrikam.test", "SEND")).filteredOn(e -> e.event().equals("SEND")).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("failover").contains("127.0.0.1:" + a.port()));
    }

    @Test
    void noNoticeShouldGoToTheNullSenderOrToASenderWhoAskedForNone() throws Exception {
        start(new String[] {"-f", "RCPT"}, new String[] {"-f", "RCPT"}, "");
        try (SmtpTestClient c = gateway.connect()) {
            c.reply();
            c.command("EHLO client.example");
            c.command("MAIL FROM:<alice@contoso.test>");
            c.command("RCPT TO:<never@fabrikam.test> NOTIFY=NEVER");
            c.command("DATA");
            c.send("Subject: never tell me\r\n\r\nx\r\n.\r\n");
            assertThat(c.reply()).startsWith("250");
            c.command("MAIL FROM:<>");
            c.command("RCPT TO:<bounce@fabrikam.test>");
            c.command("DATA");
            c.send("Subject: a notice itself\r\n\r\nx\r\n.\r\n");
            assertThat(c.reply()).startsWith("250");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.trace("never@fabrikam.test").stream().anyMatch(e -> e.event().equals("FAIL"))
                && gateway.trace("bounce@fabrikam.test").stream().anyMatch(e -> e.event().equals("FAIL")));
        assertThat(gateway.trace("never@fabrikam.test")).extracting(TraceRecord::event).doesNotContain("DSN");
        assertThat(gateway.trace("bounce@fabrikam.test")).extracting(TraceRecord::event).doesNotContain("DSN");
        assertThat(mailbox("alice@contoso.test")).isEmpty();
    }

    @Test
    void aTemporaryErrorForOneRecipientShouldDeferOnlyThatRecipientAndNeverFailOver() throws Exception {
        start(new String[] {"-r", "RCPT"}, new String[0], "");
        assertThat(send("alice@contoso.test", List.of("busy@fabrikam.test"), "s4xx")).startsWith("250");
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.trace("busy@fabrikam.test").stream().anyMatch(e -> e.event().equals("DEFER")));
        assertThat(b.count()).as("a 4xx to RCPT is the recipient's, not the host's: no failover").isZero();
        assertThat(gateway.trace("busy@fabrikam.test")).filteredOn(e -> e.event().equals("DEFER")).first()
                .satisfies(e -> assertThat(e.detail()).contains("450 4.3.0").contains("127.0.0.1:" + a.port()));
        await().atMost(Duration.ofSeconds(10)).until(() -> b.count() == 1); // the retry goes round to the other host
    }

    @Test
    void dsnParametersShouldBePassedOnToAHopThatOffersDsn() throws Exception {
        start(new String[0], new String[0], "");
        try (SmtpTestClient c = SmtpTestClient.connectFrom("127.0.0.2", "127.0.0.1", gateway.smtpPort())) {
            c.reply();
            c.command("EHLO app.contoso.test");
            assertThat(c.command("MAIL FROM:<app@contoso.test> RET=HDRS ENVID=env+2B1 BODY=8BITMIME")).startsWith("250");
            assertThat(c.command("RCPT TO:<u@fabrikam.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;u@fabrikam.test")).startsWith("250");
            c.command("DATA");
            c.send("Subject: dsn\r\n\r\nGr\u00fc\u00dfe\r\n.\r\n");
            assertThat(c.reply()).startsWith("250");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> a.count() == 1);
        SmtpSink.Dump d = a.dumps().getFirst();
        assertThat(d.mailArgs()).startsWith("<app@contoso.test>").contains("BODY=8BITMIME").contains("RET=HDRS").contains("ENVID=env+2B1");
        assertThat(d.rcptArgs()).singleElement().asString().contains("NOTIFY=FAILURE,SUCCESS").contains("ORCPT=rfc822;u@fabrikam.test");
    }

    @Test
    void aHopWithoutDsnShouldMakeTheGatewaySendTheRelayedNotice() throws Exception {
        start(new String[] {"-N"}, new String[] {"-N"}, "");
        try (SmtpTestClient c = gateway.connect()) {
            c.reply();
            c.command("EHLO client.example");
            c.command("MAIL FROM:<alice@contoso.test>");
            c.command("RCPT TO:<u@fabrikam.test> NOTIFY=SUCCESS");
            c.command("DATA");
            c.send("Subject: relayed please\r\n\r\nx\r\n.\r\n");
            assertThat(c.reply()).startsWith("250");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> mailbox("alice@contoso.test").stream().anyMatch(m -> m.contains("Relayed:")));
        assertThat(mailbox("alice@contoso.test")).anySatisfy(m -> assertThat(m).contains("Action: relayed").contains("Status: 2."));
    }

    @Test
    void eightBitMessageToAHopWithout8BitMimeShouldFailWithAClearReason() throws Exception {
        start(new String[] {"-8"}, new String[] {"-8"}, "");
        try (SmtpTestClient c = gateway.connect()) {
            c.reply();
            c.command("EHLO client.example");
            c.command("MAIL FROM:<alice@contoso.test> BODY=8BITMIME");
            c.command("RCPT TO:<u@fabrikam.test>");
            c.command("DATA");
            c.send("Subject: 8bit\r\n\r\nStra\u00dfe\r\n.\r\n");
            assertThat(c.reply()).startsWith("250");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> mailbox("alice@contoso.test").stream().anyMatch(m -> m.contains("Undeliverable")));
        assertThat(mailbox("alice@contoso.test")).anySatisfy(m -> assertThat(m).contains("Status: 5.6.3").contains("8BITMIME"));
        assertThat(a.count() + b.count()).isZero();
    }

    @Test
    void S12_ofTwoEquallySpecificConnectorsTheOneWhoseNameSortsFirstShouldCarryTheMail() throws Exception {
        start(new String[0], new String[0], """
                  - name: Bconnector
                    connectorType: Partner
                    recipientDomains: [partner.test]
                    useMxRecord: false
                    smartHosts: [127.0.0.1:%d]
                  - name: Aconnector
                    connectorType: Partner
                    recipientDomains: [partner.test]
                    useMxRecord: false
                    smartHosts: [127.0.0.1:%d]
                """.formatted(999, 998));
        // re-point Aconnector at sink a and Bconnector at sink b through a reload-free second gateway
        gateway.close();
        gateway = TestGateway.start(dir.resolve("gw12"), "", TestGateway.DIRECTORY + """
                outboundConnectors:
                  - name: Bconnector
                    connectorType: Partner
                    recipientDomains: [partner.test]
                    useMxRecord: false
                    smartHosts: [127.0.0.1:%d]
                  - name: Aconnector
                    connectorType: Partner
                    recipientDomains: [partner.test]
                    useMxRecord: false
                    smartHosts: [127.0.0.1:%d]
                """.formatted(b.port(), a.port()));
        try (SmtpTestClient c = SmtpTestClient.connectFrom("127.0.0.2", "127.0.0.1", gateway.smtpPort())) {
            c.reply();
            for (int i = 0; i < 3; i++) {
                assertThat(c.sendMail("app@contoso.test", List.of("x" + i + "@partner.test"), "Subject: s12\r\n\r\nx\r\n")).startsWith("250");
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> a.count() == 3);
        assertThat(b.count()).isZero();
    }

    @Test
    void aMessageForThreeNextHopsShouldBecomeThreeDeliveriesWithOneTrace() throws Exception {
        SmtpSink c3 = SmtpSink.start(dir.resolve("c"), GatewayProcess.freePort());
        try {
            start(new String[0], new String[0], """
                      - name: Partner
                        connectorType: Partner
                        recipientDomains: [partner.test]
                        useMxRecord: false
                        smartHosts: [127.0.0.1:%d]
                    """.formatted(c3.port()));
            try (SmtpTestClient c = SmtpTestClient.connectFrom("127.0.0.2", "127.0.0.1", gateway.smtpPort())) {
                c.reply();
                assertThat(c.sendMail("app@contoso.test", List.of("alice@contoso.test", "one@fabrikam.test", "two@fabrikam.test",
                        "p@partner.test"), "Subject: split\r\n\r\nx\r\n")).startsWith("250");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> a.count() + b.count() == 1 && c3.count() == 1
                    && mailbox("alice@contoso.test").size() == 1);
            SmtpSink fabrikam = a.count() == 1 ? a : b;
            assertThat(fabrikam.dumps().getFirst().rcptArgs()).as("same next hop: one transaction").hasSize(2);
            List<TraceRecord> events = gateway.awaitTrace("p@partner.test", "SEND", "SEND", "SEND");
            assertThat(events).extracting(TraceRecord::event).contains("TRANSFER", "DELIVER", "SEND");
            assertThat(events.stream().filter(e -> e.event().equals("SEND"))).hasSize(3);
        } finally {
            c3.close();
        }
    }

    /** One message over a raw session: MAIL with the given parameters, the body as UTF-8 bytes. */
    private String sendRaw(String mailParameters, String rcpt, String message) throws Exception {
        try (SmtpTestClient c = gateway.connect()) {
            c.reply();
            c.command("EHLO client.example");
            assertThat(c.command("MAIL FROM:<alice@contoso.test>" + mailParameters)).startsWith("250");
            assertThat(c.command("RCPT TO:<" + rcpt + ">")).startsWith("250");
            assertThat(c.command("DATA")).startsWith("354");
            c.send(message + ".\r\n");
            return c.reply();
        }
    }

    @Test
    void whatTheSenderDeclaredButTheMessageDoesNotNeedShouldNotStopItAtAHopWithoutTheExtension() throws Exception {
        start(new String[] {"-8"}, new String[] {"-8"}, ""); // smtp-sink offers no SMTPUTF8, and with -8 no 8BITMIME
        assertThat(sendRaw(" SMTPUTF8 BODY=8BITMIME", "plain@fabrikam.test", "Subject: all ascii\r\n\r\nplain text\r\n"))
                .startsWith("250");
        await().atMost(Duration.ofSeconds(10)).until(() -> a.count() + b.count() == 1);
        SmtpSink.Dump d = (a.count() == 1 ? a : b).dumps().getFirst();
        assertThat(d.mailArgs()).as("nothing declared the hop cannot take").doesNotContain("SMTPUTF8").doesNotContain("BODY=");
        assertThat(d.content()).contains("plain text");
    }

    @Test
    void aMessageThatReallyNeedsSmtpUtf8Or8BitShouldBeReturnedWithTheRightCodeFromAHopWithoutIt() throws Exception {
        start(new String[] {"-8"}, new String[] {"-8"}, "");
        assertThat(sendRaw(" SMTPUTF8", "jörg@fabrikam.test", "Subject: utf-8 address\r\n\r\nhallo\r\n")).startsWith("250");
        assertThat(sendRaw(" BODY=8BITMIME", "eight@fabrikam.test", "Subject: eight bit\r\n\r\nGr\u00fc\u00dfe\r\n"))
                .startsWith("250");
        await().atMost(Duration.ofSeconds(15)).until(() -> mailbox("alice@contoso.test").stream()
                .filter(m -> m.contains("Undeliverable")).count() == 2);
        assertThat(mailbox("alice@contoso.test")).filteredOn(m -> m.contains("Undeliverable"))
                .anySatisfy(m -> assertThat(m).contains("Status: 5.6.7").contains("SMTPUTF8"))
                .anySatisfy(m -> assertThat(m).contains("Status: 5.6.3").contains("8BITMIME"));
        assertThat(a.count() + b.count()).isZero();
    }
}
