package io.mailflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailflow.store.TraceRecord;
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
 * The recipient directory end to end: mailboxes by proxy address, a mail user and a contact whose
 * mail goes elsewhere (through a real smart host, Postfix's smtp-sink), nested distribution groups
 * with a loop, the expansion limit, and subdomains of an InternalRelay domain.
 */
class DirectoryIT {

    @TempDir
    static Path dir;
    static SmtpSink elsewhere;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        elsewhere = SmtpSink.start(dir.resolve("elsewhere"), GatewayProcess.freePort());
        gateway = TestGateway.start(dir.resolve("gw"), "  limits:\n    maxExpandedRecipients: 6\n", """
                acceptedDomains:
                  - {domainName: contoso.test, domainType: Authoritative}
                  - {domainName: fabrikam.test, domainType: InternalRelay, matchSubDomains: true}
                mailboxes:
                  - primarySmtpAddress: alice@contoso.test
                    emailAddresses: [alice.smith@contoso.test]
                  - primarySmtpAddress: bob@contoso.test
                mailUsers:
                  - {name: Carol (moved to the branch office), primarySmtpAddress: carol@contoso.test,
                     externalEmailAddress: carol@branch.example}
                mailContacts:
                  - {name: Vendor orders, externalEmailAddress: orders@vendor.example, emailAddresses: [vendor@contoso.test]}
                  - {name: Auditor, externalEmailAddress: auditor@audit.example}
                  - {externalEmailAddress: a1@partner.example}
                  - {externalEmailAddress: a2@partner.example}
                  - {externalEmailAddress: a3@partner.example}
                distributionGroups:
                  - name: Everyone
                    primarySmtpAddress: everyone@contoso.test
                    members: [alice@contoso.test, team@contoso.test, auditor@audit.example]
                  - name: Team
                    primarySmtpAddress: team@contoso.test
                    members: [bob@contoso.test, alice.smith@contoso.test, carol@contoso.test, everyone@contoso.test]
                  - name: Too big
                    primarySmtpAddress: big@contoso.test
                    members: [team@contoso.test, vendor@contoso.test, auditor@audit.example, more@contoso.test]
                  - name: More
                    primarySmtpAddress: more@contoso.test
                    emailAddresses: [more-people@contoso.test]
                    members: [a1@partner.example, a2@partner.example, a3@partner.example]
                outboundConnectors:
                  - name: Everything else
                    connectorType: Partner
                    recipientDomains: ['*']
                    useMxRecord: false
                    smartHosts: ['127.0.0.1:%d']
                """.formatted(elsewhere.port()));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        elsewhere.close();
    }

    private static String send(String to, String subject) throws Exception {
        try (SmtpTestClient c = gateway.connect()) {
            c.reply();
            return c.sendMail("sender@outside.example", List.of(to), "Subject: " + subject + "\r\n\r\nhello\r\n");
        }
    }

    /** The RCPT arguments smtp-sink received for messages with this subject (not for notices about them). */
    private static List<String> relayed(String subject) throws Exception {
        return members(subject).stream().flatMap(d -> d.rcptArgs().stream()).toList();
    }

    private static List<SmtpSink.Dump> members(String subject) throws Exception {
        return elsewhere.dumps().stream().filter(d -> !d.mailArgs().startsWith("<>"))
                .filter(d -> d.content().contains("Subject: " + subject)).toList();
    }

    private static long copiesIn(String mailbox, String subject) {
        return gateway.mailbox(mailbox).stream().filter(f -> {
            try {
                return java.nio.file.Files.readString(f).contains("Subject: " + subject);
            } catch (java.io.IOException e) {
                return false;
            }
        }).count();
    }

    @Test
    void aProxyAddressShouldReachItsMailboxAndTheTraceShouldSaySo() throws Exception {
        assertThat(send("Alice.Smith@contoso.test", "proxy")).startsWith("250");
        await().atMost(Duration.ofSeconds(10)).until(() -> copiesIn("alice@contoso.test", "proxy") == 1);
        assertThat(gateway.awaitTrace("alice.smith@contoso.test", "RESOLVE")).anySatisfy(e -> {
            assertThat(e.event()).isEqualTo("RESOLVE");
            assertThat(e.detail()).contains("alice@contoso.test");
        });
    }

    @Test
    void aMailUserInTheAuthoritativeDomainShouldBeAcceptedAndItsMailRoutedToItsExternalAddress() throws Exception {
        try (SmtpTestClient c = gateway.connect()) {
            c.reply();
            c.command("EHLO outside.example");
            c.command("MAIL FROM:<sender@outside.example>");
            assertThat(c.command("RCPT TO:<nobody@contoso.test>")).as("not in the directory").startsWith("550 5.4.1");
        }
        assertThat(send("carol@contoso.test", "moved")).startsWith("250");
        await().atMost(Duration.ofSeconds(10)).until(() -> !relayed("moved").isEmpty());
        assertThat(relayed("moved")).singleElement().asString().contains("carol@branch.example");
        assertThat(gateway.awaitTrace("carol@contoso.test", "REDIRECT")).anySatisfy(e -> {
            assertThat(e.event()).isEqualTo("REDIRECT");
            assertThat(e.detail()).contains("carol@branch.example").contains("mail user");
        });
    }

    @Test
    void aGroupAskedForSuccessShouldBeReportedExpandedAndItsMembersKeepFailureNoticesAndTheGroupAsOrcpt() throws Exception {
        try (SmtpTestClient c = gateway.connect()) {
            c.reply();
            c.command("EHLO outside.example");
            assertThat(c.command("MAIL FROM:<sender@outside.example> RET=HDRS ENVID=exp1")).startsWith("250");
            assertThat(c.command("RCPT TO:<more@contoso.test> NOTIFY=SUCCESS,FAILURE")).startsWith("250");
            c.command("DATA");
            c.send("Subject: expand-me\r\n\r\nhello\r\n.\r\n");
            assertThat(c.reply()).startsWith("250");
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> relayed("expand-me").size() == 3 && !notices("Expanded: expand-me").isEmpty());
        // smtp-sink offers DSN, so the gateway passes each member's NOTIFY and ORCPT on
        assertThat(relayed("expand-me")).hasSize(3).allSatisfy(a -> assertThat(a).contains("NOTIFY=FAILURE")
                .doesNotContain("SUCCESS").contains("ORCPT=rfc822;more@contoso.test"));
        SmtpSink.Dump notice = notices("Expanded: expand-me").getFirst();
        assertThat(notice.rcptArgs()).singleElement().asString().startsWith("<sender@outside.example>");
        assertThat(notice.content()).contains("Content-Type: multipart/report; report-type=delivery-status")
                .contains("Original-Envelope-Id: exp1").contains("Final-Recipient: rfc822; more@contoso.test")
                .contains("Action: expanded").contains("Status: 2.0.0").doesNotContain("a1@partner.example");
        assertThat(gateway.awaitTrace("more@contoso.test", "EXPAND", "DSN")).anySatisfy(e -> {
            assertThat(e.event()).isEqualTo("DSN");
            assertThat(e.detail()).contains("expanded").contains("more@contoso.test");
        });
    }

    @Test
    void aGroupWithoutSuccessAskedShouldGetNoExpandedNotice() throws Exception {
        try (SmtpTestClient c = gateway.connect()) {
            c.reply();
            c.command("EHLO outside.example");
            c.command("MAIL FROM:<sender@outside.example>");
            assertThat(c.command("RCPT TO:<more-people@contoso.test> NOTIFY=FAILURE ORCPT=rfc822;more-people@contoso.test"))
                    .startsWith("250");
            c.command("DATA");
            c.send("Subject: quiet-expansion\r\n\r\nhello\r\n.\r\n");
            assertThat(c.reply()).startsWith("250");
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> relayed("quiet-expansion").size() == 3);
        assertThat(relayed("quiet-expansion")).as("the client's own ORCPT is passed on")
                .allSatisfy(a -> assertThat(a).contains("NOTIFY=FAILURE").contains("ORCPT=rfc822;more-people@contoso.test"));
        gateway.awaitQueueEmpty();
        assertThat(notices("quiet-expansion")).isEmpty();
    }

    /** Notices (MAIL FROM:<>) the outside sink received whose subject starts with this. */
    private static List<SmtpSink.Dump> notices(String subject) throws Exception {
        return elsewhere.dumps().stream().filter(d -> d.mailArgs().startsWith("<>"))
                .filter(d -> d.content().contains("Subject: " + subject)).toList();
    }

    @Test
    void aContactsAddressHereShouldReachTheContact() throws Exception {
        assertThat(send("vendor@contoso.test", "order")).startsWith("250");
        await().atMost(Duration.ofSeconds(10)).until(() -> !relayed("order").isEmpty());
        assertThat(relayed("order")).singleElement().asString().contains("orders@vendor.example");
    }

    @Test
    void nestedGroupsShouldBeExpandedOnceWithTheLoopCutAndEachMemberGettingOneCopy() throws Exception {
        assertThat(send("everyone@contoso.test", "all-hands")).startsWith("250");
        await().atMost(Duration.ofSeconds(10)).until(() -> relayed("all-hands").size() == 2
                && copiesIn("alice@contoso.test", "all-hands") == 1 && copiesIn("bob@contoso.test", "all-hands") == 1);
        assertThat(relayed("all-hands")).anyMatch(r -> r.contains("carol@branch.example"))
                .anyMatch(r -> r.contains("auditor@audit.example"));
        Thread.sleep(500);
        assertThat(copiesIn("alice@contoso.test", "all-hands")).as("alice is a member twice (two of her addresses)").isEqualTo(1);
        List<TraceRecord> events = gateway.trace("everyone@contoso.test");
        assertThat(events.stream().filter(e -> e.event().equals("EXPAND")).map(TraceRecord::detail))
                .as("Everyone, then Team; Team's member Everyone is not expanded again").hasSize(2)
                .anyMatch(d -> d.contains("\"group\":\"everyone@contoso.test\""))
                .anyMatch(d -> d.contains("\"group\":\"team@contoso.test\""));
    }

    @Test
    void aGroupThatExpandsBeyondTheLimitShouldBeRefusedWholeAndNothingQueued() throws Exception {
        String reply = send("big@contoso.test", "too-big");
        assertThat(reply).startsWith("552 5.5.3");
        assertThat(gateway.gateway().queue().list()).as("nothing queued").noneMatch(e -> "too-big".equals(e.message().subject()));
        assertThat(send("more-people@contoso.test", "small-enough")).as("a group within the limit, by its proxy address")
                .startsWith("250");
        await().atMost(Duration.ofSeconds(10)).until(() -> relayed("small-enough").size() == 3);
    }

    @Test
    void subdomainsOfAnInternalRelayDomainWithMatchSubDomainsShouldBeAcceptedButNotOfTheAuthoritativeOne() throws Exception {
        try (SmtpTestClient c = gateway.connect()) {
            c.reply();
            c.command("EHLO outside.example");
            c.command("MAIL FROM:<sender@outside.example>");
            assertThat(c.command("RCPT TO:<x@eu.fabrikam.test>")).startsWith("250");
            assertThat(c.command("RCPT TO:<x@deep.eu.fabrikam.test>")).startsWith("250");
            assertThat(c.command("RCPT TO:<x@eu.contoso.test>")).startsWith("550 5.7.64");
            assertThat(c.command("RCPT TO:<x@notfabrikam.test>")).startsWith("550 5.7.64");
        }
    }
}
