package io.mailflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailflow.store.TraceRecord;
import io.mailflow.testing.GatewayProcess;
import io.mailflow.testing.Processes;
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
 * Mail flow rules in the running gateway, with Postfix's smtp-sink as the next hops: S7 (a
 * rule-scoped connector gets exactly the messages its rule routes), a rejection as the SMTP reply
 * to the data, a disclaimer that reaches the next hop, TLS required by a rule, the RULE event in
 * the trace, and a pattern built for catastrophic backtracking that cannot stall a session.
 */
class MailFlowRulesIT {

    @TempDir
    static Path dir;
    static SmtpSink appliance;
    static SmtpSink fabrikam;
    static SmtpSink plainOnly;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        appliance = SmtpSink.start(dir.resolve("appliance"), GatewayProcess.freePort());
        fabrikam = SmtpSink.start(dir.resolve("fabrikam"), GatewayProcess.freePort());
        plainOnly = SmtpSink.start(dir.resolve("plain"), GatewayProcess.freePort());
        gateway = TestGateway.start(dir.resolve("gw"), "", TestGateway.DIRECTORY + """
                outboundConnectors:
                  - name: Encryption appliance
                    connectorType: Partner
                    recipientDomains: [fabrikam.test]
                    isTransportRuleScoped: true
                    useMxRecord: false
                    smartHosts: [127.0.0.1:%d]
                  - name: To Fabrikam on-premises
                    connectorType: OnPremises
                    recipientDomains: [fabrikam.test]
                    useMxRecord: false
                    smartHosts: [127.0.0.1:%d]
                  - name: Plain-text partner
                    connectorType: Partner
                    recipientDomains: [plain.example]
                    useMxRecord: false
                    smartHosts: [127.0.0.1:%d]
                transport:
                  retryIntervals: [1h]
                transportRules:
                  - name: Secure mail through the appliance
                    subjectContainsWords: ['[secure]']
                    routeMessageOutboundConnector: Encryption appliance
                  - name: No payroll by mail
                    subjectOrBodyContainsWords: [payroll]
                    rejectMessageReasonText: Payroll data must not leave by mail
                    rejectMessageEnhancedStatusCode: 5.7.950
                  - name: External disclaimer
                    sentToScope: NotInOrganization
                    applyHtmlDisclaimerText: '<p>Sent from Contoso</p>'
                  - name: TLS for contracts
                    subjectContainsWords: [contract]
                    routeMessageOutboundRequireTls: true
                  - name: Evil pattern
                    subjectMatchesPatterns: ['^(.*a){15}b']
                    setHeaderName: X-Evil
                    setHeaderValue: matched
                  - name: Evil pattern, deferred
                    subjectOrBodyMatchesPatterns: ['^(.*z){15}y']
                    ruleErrorAction: Defer
                    setHeaderName: X-Evil
                    setHeaderValue: deferred
                """.formatted(appliance.port(), fabrikam.port(), plainOnly.port()));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        appliance.close();
        fabrikam.close();
        plainOnly.close();
    }

    /** From an on-premises application (127.0.0.2, which may relay) as app@contoso.test. */
    private static String send(List<String> to, String subject, String body) throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connectFrom("127.0.0.2", "127.0.0.1", gateway.smtpPort())) {
            c.reply();
            return c.sendMail("app@contoso.test", to, "Subject: " + subject + "\r\nFrom: app@contoso.test\r\n\r\n" + body + "\r\n");
        }
    }

    private static List<SmtpSink.Dump> with(SmtpSink sink, String subject) throws Exception {
        return sink.dumps().stream().filter(d -> d.content().contains("Subject: " + subject)).toList();
    }

    @Test
    void S7_theRuleScopedConnectorShouldReceiveOnlyTheMessagesTheRuleRoutes() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(send(List.of("u" + i + "@fabrikam.test"), "[secure] statement " + i, "s")).startsWith("250");
            assertThat(send(List.of("v" + i + "@fabrikam.test"), "ordinary note " + i, "o")).startsWith("250");
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> appliance.dumps().size() + with(fabrikam, "ordinary note").size() >= 6);
        assertThat(appliance.dumps()).hasSize(3).allSatisfy(d -> assertThat(d.content()).contains("[secure] statement"));
        assertThat(with(fabrikam, "ordinary note")).hasSize(3);
        assertThat(with(fabrikam, "[secure]")).isEmpty();
        assertThat(gateway.awaitTrace("u0@fabrikam.test", "RULE")).anySatisfy(e -> {
            assertThat(e.event()).isEqualTo("RULE");
            assertThat(e.detail()).contains("Secure mail through the appliance").contains("routeMessageOutboundConnector");
        }).anySatisfy(e -> assertThat(e.detail()).contains("connector:Encryption appliance"));
    }

    @Test
    void aRejectingRuleShouldBeTheReplyToTheDataAndNothingIsQueued() throws Exception {
        assertThat(send(List.of("alice@contoso.test"), "numbers", "the payroll for march"))
                .isEqualTo("550 5.7.950 Payroll data must not leave by mail");
        assertThat(gateway.gateway().queue().list()).as("nothing queued").noneMatch(e -> "numbers".equals(e.message().subject()));
        assertThat(gateway.mailbox("alice@contoso.test")).noneMatch(f -> read(f).contains("payroll"));
    }

    @Test
    void swaksShouldSeeTheRejectionAsTheReplyToTheData() throws Exception {
        Processes.Result swaks = Processes.run(60, Processes.tool("swaks"), "--server", "127.0.0.1:" + gateway.smtpPort(),
                "--from", "x@outside.example", "--to", "bob@contoso.test", "--header", "Subject: payroll run");
        assertThat(swaks.output()).contains("<** 550 5.7.950 Payroll data must not leave by mail");
    }

    @Test
    void theDisclaimerShouldReachTheExternalNextHopButNotTheInternalMailbox() throws Exception {
        assertThat(send(List.of("bob@contoso.test", "partner@plain.example"), "quarterly", "numbers inside")).startsWith("250");
        await().atMost(Duration.ofSeconds(15)).until(() -> !with(plainOnly, "quarterly").isEmpty()
                && !gateway.mailbox("bob@contoso.test").isEmpty());
        assertThat(with(plainOnly, "quarterly")).singleElement().satisfies(d -> assertThat(d.content())
                .contains("numbers inside").contains("Sent from Contoso"));
        assertThat(gateway.mailbox("bob@contoso.test")).anySatisfy(f -> assertThat(java.nio.file.Files.readString(f))
                .contains("numbers inside").doesNotContain("Sent from Contoso"));
    }

    @Test
    void tlsRequiredByARuleShouldNeverFallBackToPlainText() throws Exception {
        assertThat(send(List.of("y@plain.example"), "contract draft", "c")).startsWith("250");
        await().atMost(Duration.ofSeconds(15)).until(() -> gateway.trace("y@plain.example").stream().anyMatch(e -> e.event().equals("DEFER")));
        assertThat(gateway.trace("y@plain.example")).filteredOn(e -> e.event().equals("DEFER")).first()
                .satisfies(e -> assertThat(e.detail()).contains("4.4.317"));
        assertThat(with(plainOnly, "contract")).as("smtp-sink offers no STARTTLS: nothing may go in plain text").isEmpty();
        assertThat(send(List.of("z@plain.example"), "weather", "w")).startsWith("250");
        await().atMost(Duration.ofSeconds(15)).until(() -> !with(plainOnly, "weather").isEmpty());
    }

    @Test
    void aRuleThatCannotBeEvaluatedWithRuleErrorActionDeferShouldAnswer451AndKeepNothing() throws Exception {
        long start = System.nanoTime();
        assertThat(send(List.of("alice@contoso.test"), "deferred by a rule", "z".repeat(40) + "!"))
                .startsWith("451 4.3.0");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(gateway.gateway().queue().list()).as("nothing queued").noneMatch(e -> "deferred by a rule".equals(e.message().subject()));
        assertThat(send(List.of("alice@contoso.test"), "decidable", "z".repeat(20) + "y")).as("where it can be decided")
                .startsWith("250");
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.mailbox("alice@contoso.test").stream()
                .anyMatch(f -> read(f).contains("X-Evil: deferred")));
    }

    @Test
    void aLargeMessageARuleChangesShouldLeaveNoSpillFileBehind() throws Exception {
        String marker = "spill-test-" + System.nanoTime();
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 4000; i++) { // 320 KiB: over the 256 KiB a session keeps in memory
            body.append(marker).append(" line ").append(i).append(" ").append("x".repeat(40)).append("\r\n");
        }
        // the Evil pattern rule sets a header on this subject: the only copy is a changed one
        assertThat(send(List.of("alice@contoso.test"), "a".repeat(20) + "b", body.toString())).startsWith("250");
        await().atMost(Duration.ofSeconds(15)).until(() -> gateway.mailbox("alice@contoso.test").stream()
                .anyMatch(f -> read(f).contains(marker) && read(f).contains("X-Evil: matched")));
        await().atMost(Duration.ofSeconds(15)).until(() -> gateway.gateway().queue().list().stream()
                .noneMatch(e -> e.message().size() > 256 * 1024));
        Path tmp = gateway.directory().resolve("data/tmp");
        try (var files = java.nio.file.Files.list(tmp)) {
            assertThat(files.filter(f -> read(f).contains(marker)).toList())
                    .as("the content as received was spilled to a file; the rule changed it, and nothing kept the file").isEmpty();
        }
    }

    @Test
    void aCatastrophicPatternShouldNotStallTheSession() throws Exception {
        String subject = "a".repeat(40) + "!";
        long start = System.nanoTime();
        assertThat(send(List.of("alice@contoso.test"), subject, "evil")).startsWith("250");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as("^(.*a){15}b on 40 a's and a '!' backtracks for hours unbounded").isLessThan(Duration.ofSeconds(5));
        try (SmtpTestClient c = gateway.connect()) {
            c.reply();
            assertThat(c.command("NOOP")).startsWith("250");
        }
        assertThat(send(List.of("alice@contoso.test"), "a".repeat(20) + "b", "fine")).as("the pattern still works where it can")
                .startsWith("250");
        await().atMost(Duration.ofSeconds(10)).until(() -> gateway.mailbox("alice@contoso.test").stream()
                .anyMatch(f -> read(f).contains("X-Evil: matched")));
    }

    private static String read(Path f) {
        try {
            return java.nio.file.Files.readString(f);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
