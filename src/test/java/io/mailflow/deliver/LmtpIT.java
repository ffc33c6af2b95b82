package io.mailflow.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailflow.store.TraceRecord;
import io.mailflow.testing.Dovecot;
import io.mailflow.testing.GatewayProcess;
import io.mailflow.testing.SmtpSink;
import io.mailflow.testing.SmtpTestClient;
import io.mailflow.testing.TestGateway;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local delivery over LMTP (RFC 2033) to a real Dovecot as the default mailbox server, and to
 * Postfix's smtp-sink in LMTP mode for one mailbox that has its own server: Dovecot's 2xx stores
 * the mail, its 5xx for an unknown user becomes an NDR, and a Dovecot that is down defers the
 * mail until it is back.
 */
class LmtpIT {

    @TempDir
    static Path dir;
    static Dovecot dovecot;
    static SmtpSink archiveServer;
    static SmtpSink busyServer;
    static SmtpSink outside;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        dovecot = Dovecot.start(GatewayProcess.freePort(), List.of("alice@contoso.test", "bob@contoso.test"));
        archiveServer = SmtpSink.start(dir.resolve("archive"), GatewayProcess.freePort(), "-L");
        busyServer = SmtpSink.start(dir.resolve("busy"), GatewayProcess.freePort(), "-L", "-r", ".");
        outside = SmtpSink.start(dir.resolve("outside"), GatewayProcess.freePort());
        gateway = TestGateway.start(dir.resolve("gw"), "  lmtpServer: 127.0.0.1:" + dovecot.port() + "\n", """
                acceptedDomains:
                  - {domainName: contoso.test}
                mailboxes:
                  - {primarySmtpAddress: alice@contoso.test, emailAddresses: [alice.smith@contoso.test]}
                  - {primarySmtpAddress: bob@contoso.test}
                  - {primarySmtpAddress: ghost@contoso.test}
                  - {primarySmtpAddress: archive@contoso.test, lmtpServer: '127.0.0.1:%d'}
                  - {primarySmtpAddress: busy@contoso.test, lmtpServer: '127.0.0.1:%d'}
                outboundConnectors:
                  - {name: Internet, connectorType: Partner, recipientDomains: ['*'], useMxRecord: false,
                     smartHosts: ['127.0.0.1:%d']}
                transport:
                  retryIntervals: [1s]
                  smartHostDownTime: 1s
                """.formatted(archiveServer.port(), busyServer.port(), outside.port()));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        dovecot.close();
        archiveServer.close();
        busyServer.close();
        outside.close();
    }

    private static String send(String to, String subject) throws Exception {
        try (SmtpTestClient c = gateway.connect()) {
            c.reply();
            return c.sendMail("sender@outside.example", List.of(to), "Subject: " + subject + "\r\n\r\nhello\r\n");
        }
    }

    private static boolean stored(String user, String subject) {
        try {
            return dovecot.messages(user).stream().anyMatch(m -> m.contains("Subject: " + subject));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void mailForAMailboxShouldBeStoredByDovecotUnderItsPrimaryAddress() throws Exception {
        assertThat(send("Alice.Smith@contoso.test", "to-dovecot")).startsWith("250");
        await().atMost(Duration.ofSeconds(15)).until(() -> stored("alice@contoso.test", "to-dovecot"));
        assertThat(dovecot.messages("alice@contoso.test")).filteredOn(m -> m.contains("to-dovecot")).singleElement()
                .asString().contains("Received: from").contains("by mail.contoso.test")
                // Dovecot's Maildir has LF line endings, as Mailflow's own Maildir (CRLF stays on the LMTP wire)
                .contains("Subject: to-dovecot\n").doesNotContain("\r");
        assertThat(gateway.awaitTrace("alice.smith@contoso.test", "DELIVER")).anySatisfy(e -> {
            assertThat(e.event()).isEqualTo("DELIVER");
            assertThat(e.detail()).contains("lmtp:127.0.0.1:" + dovecot.port());
        });
        assertThat(gateway.mailbox("alice@contoso.test")).as("nothing in the Maildir store").isEmpty();
    }

    @Test
    void anInternationalizedMessageShouldReachDovecotWhichOffersNoSmtpUtf8() throws Exception {
        try (SmtpTestClient c = gateway.connect()) {
            c.reply();
            c.command("EHLO outside.example");
            assertThat(c.command("MAIL FROM:<jörg@outside.example> SMTPUTF8 BODY=8BITMIME")).startsWith("250");
            assertThat(c.command("RCPT TO:<alice@contoso.test>")).startsWith("250");
            assertThat(c.command("DATA")).startsWith("354");
            c.send("From: Jörg <jörg@outside.example>\r\nSubject: intl-lmtp Grüße aus Köln\r\n\r\nHallo\r\n.\r\n");
            assertThat(c.reply()).startsWith("250");
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> stored("alice@contoso.test", "intl-lmtp"));
        String stored = dovecot.messages("alice@contoso.test").stream().filter(m -> m.contains("intl-lmtp")).findFirst().orElseThrow();
        assertThat(new String(stored.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), java.nio.charset.StandardCharsets.UTF_8))
                .as("the UTF-8 header as sent").contains("Subject: intl-lmtp Grüße aus Köln").contains("From: Jörg <jörg@outside.example>");
        assertThat(gateway.awaitTrace("alice@contoso.test", "DELIVER")).anySatisfy(e -> assertThat(e.event()).isEqualTo("DELIVER"));
    }

    @Test
    void aUserDovecotDoesNotKnowShouldGetAnNdrWithDovecotsReply() throws Exception {
        assertThat(send("ghost@contoso.test", "to-ghost")).startsWith("250");
        await().atMost(Duration.ofSeconds(15)).until(() -> outside.dumps().stream()
                .anyMatch(d -> d.content().contains("ghost@contoso.test") && d.mailArgs().contains("<>")));
        String ndr = outside.dumps().stream().filter(d -> d.mailArgs().contains("<>")).map(SmtpSink.Dump::content)
                .filter(c -> c.contains("ghost@contoso.test")).findFirst().orElseThrow();
        assertThat(ndr).contains("Action: failed").contains("Status: 5.1.1").contains("Subject: to-ghost");
        gateway.awaitTrace("ghost@contoso.test", "FAIL");
    }

    @Test
    void whileDovecotIsDownMailShouldWaitAndArriveWhenItIsBack() throws Exception {
        dovecot.down();
        try {
            assertThat(send("bob@contoso.test", "while-down")).startsWith("250");
            await().atMost(Duration.ofSeconds(15)).until(() -> gateway.trace("bob@contoso.test").stream()
                    .anyMatch(e -> e.event().equals("DEFER")));
            assertThat(gateway.gateway().queue().list()).anySatisfy(m -> assertThat(m.toString()).contains("bob@contoso.test"));
        } finally {
            dovecot.up();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> stored("bob@contoso.test", "while-down"));
        assertThat(outside.dumps()).as("no NDR for a temporary failure")
                .noneMatch(d -> d.mailArgs().contains("<>") && d.content().contains("while-down"));
    }

    @Test
    void aMailboxWithItsOwnLmtpServerShouldBeDeliveredThere() throws Exception {
        assertThat(send("archive@contoso.test", "to-archive")).startsWith("250");
        await().atMost(Duration.ofSeconds(15)).until(() -> archiveServer.dumps().stream()
                .anyMatch(d -> d.content().contains("Subject: to-archive")));
        assertThat(archiveServer.dumps()).filteredOn(d -> d.content().contains("to-archive")).singleElement()
                .satisfies(d -> assertThat(d.rcptArgs()).singleElement().asString().contains("archive@contoso.test"));
    }

    @Test
    void anLmtpServersTemporaryReplyAfterTheDataShouldDeferTheRecipientWithoutAnNdr() throws Exception {
        assertThat(send("busy@contoso.test", "to-busy")).startsWith("250");
        await().atMost(Duration.ofSeconds(15)).until(() -> gateway.trace("busy@contoso.test").stream()
                .anyMatch(e -> e.event().equals("DEFER")));
        assertThat(gateway.trace("busy@contoso.test")).filteredOn(e -> e.event().equals("DEFER")).first()
                .satisfies(e -> assertThat(e.detail()).contains("\"reason\":\"4").contains("lmtp:127.0.0.1:" + busyServer.port()));
        assertThat(gateway.gateway().queue().list()).anySatisfy(m -> assertThat(m.toString()).contains("busy@contoso.test"));
        assertThat(outside.dumps()).noneMatch(d -> d.mailArgs().contains("<>") && d.content().contains("to-busy"));
    }
}
