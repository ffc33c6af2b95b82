package io.mailflow.admin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.testing.GatewayProcess;
import io.mailflow.testing.SmtpSink;
import io.mailflow.testing.TestGateway;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The administrator's tools: connector validation (S8, S16), explain, and the demo. */
class ConnectorToolsIT {

    @TempDir
    Path dir;

    /** Runs a CLI command in this JVM and returns its exit code and what it printed. */
    private static String[] run(String... args) {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int code = MailflowCommand.execute(args);
            return new String[] {Integer.toString(code), captured.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(out);
        }
    }

    @Test
    void S8_validationShouldCheckEachSmartHostStepByStepAndS16TheConnectorStaysInUse() throws Exception {
        int downPort = GatewayProcess.freePort();
        try (SmtpSink up = SmtpSink.start(dir.resolve("up"), GatewayProcess.freePort())) {
            Path config = TestGateway.writeConfig(dir, 0, "", TestGateway.DIRECTORY + """
                    outboundConnectors:
                      - name: To Fabrikam on-premises
                        connectorType: OnPremises
                        recipientDomains: [fabrikam.test]
                        useMxRecord: false
                        smartHosts: [127.0.0.1:%d, 127.0.0.1:%d]
                    transport:
                      smartHostConnectTimeout: 2s
                    """.formatted(up.port(), downPort));
            String[] r = run("connector", "validate", "To Fabrikam on-premises", "--recipient", "test@fabrikam.test",
                    "--config", config.toString());
            assertThat(r[0]).as(r[1]).isEqualTo("1");
            assertThat(r[1]).contains("127.0.0.1:" + up.port() + "  OK").contains("127.0.0.1:" + downPort + "  FAILED")
                    .containsPattern("connect +ok +127\\.0\\.0\\.1:" + up.port())
                    .containsPattern("EHLO +ok +PIPELINING").containsPattern("STARTTLS +ok +not offered")
                    .containsPattern("test message +ok +250").containsPattern("connect +FAILED")
                    .contains("The connector stays in use");
            Path record = dir.resolve("data/connectors/To_Fabrikam_on-premises.validation.json");
            assertThat(Files.readString(record)).contains("\"connector\" : \"To Fabrikam on-premises\"").contains("validatedAt");
            assertThat(up.count()).as("the test message reached the working host").isEqualTo(1);
            assertThat(up.dumps().getFirst().content()).contains("Subject: Mailflow connector validation: To Fabrikam on-premises");

            String[] unknown = run("connector", "validate", "Nope", "--config", config.toString());
            assertThat(unknown[0]).isEqualTo("2");
        }
    }

    @Test
    void explainShouldShowAcceptanceRoutingAndTheSplitPerRecipient() throws Exception {
        String[] r = run("explain", "--from", "app@contoso.test", "--to", "alice.smith@contoso.test", "--to", "bob@fabrikam.test",
                "--to", "x@partner.test", "--to", "y@elsewhere.example", "--to", "nobody@contoso.test", "--client-ip", "127.0.0.2",
                "--config", "mailflow.yaml");
        assertThat(r[0]).as("a refused recipient makes explain exit 1").isEqualTo("1");
        assertThat(r[1]).contains("inbound connector 'From on-premises apps' (OnPremises): client IP 127.0.0.2 is in its senderIPAddresses")
                .contains("relay to other domains: allowed")
                .contains("alice.smith@contoso.test is an address (emailAddresses) of mailbox alice@contoso.test")
                .contains("Next hop: mailbox:alice@contoso.test")
                .contains("'To Fabrikam on-premises' matches by exact domain fabrikam.test: chosen")
                .contains("smart hosts [127.0.0.1:2601, 127.0.0.1:2602], round robin")
                .contains("Next hop: connector-mx:partner.test:Partner TLS").contains("TLS: required, DomainValidation for partner.test")
                .contains("Next hop: mx:elsewhere.example")
                .contains("RCPT: refused with 550 5.4.1 Recipient address rejected: Access denied")
                .contains("split into 4 deliveries (bifurcation)");
        String[] outside = run("explain", "--to", "y@elsewhere.example", "--config", "mailflow.yaml");
        assertThat(outside[1]).contains("no inbound connector").contains("550 5.7.64 TenantAttribution; Relay Access Denied");
    }

    @Test
    void explainShouldShowTheInboundSideAttributionRestrictionsRelayAndGroupExpansion() throws Exception {
        Path config = TestGateway.writeConfig(dir, 0, "", """
                acceptedDomains:
                  - {domainName: contoso.test}
                mailboxes:
                  - {primarySmtpAddress: alice@contoso.test}
                  - {primarySmtpAddress: bob@contoso.test}
                mailContacts:
                  - {name: Auditor, externalEmailAddress: auditor@audit.example}
                distributionGroups:
                  - {name: Team, primarySmtpAddress: team@contoso.test, members: [bob@contoso.test, auditor@audit.example, team@contoso.test]}
                inboundConnectors:
                  - {name: On-premises by certificate, connectorType: OnPremises, tlsSenderCertificateName: '*.contoso.test'}
                  - {name: Partner TLS, connectorType: Partner, senderDomains: [tls-partner.test], requireTls: true}
                """);
        String[] cert = run("explain", "--client-cert-name", "relay.contoso.test", "--from", "app@gmail.example", "--to",
                "x@external.example", "--config", config.toString());
        assertThat(cert[0]).as(cert[1]).isEqualTo("0");
        assertThat(cert[1]).contains("with certificate relay.contoso.test: inbound connector 'On-premises by certificate' (OnPremises)")
                .contains("relay to other domains: allowed").contains("the certificate's domain is an accepted domain");
        String[] plain = run("explain", "--client-ip", "192.0.2.9", "--from", "a@tls-partner.test", "--to", "alice@contoso.test",
                "--config", config.toString());
        assertThat(plain[0]).isEqualTo("1");
        assertThat(plain[1]).contains("refused with 530 5.7.0 Must issue a STARTTLS command first")
                .contains("Partner connector 'Partner TLS' covers tls-partner.test: TLS is required");
        String[] overTls = run("explain", "--client-ip", "192.0.2.9", "--tls", "--from", "a@tls-partner.test", "--to",
                "alice@contoso.test", "--config", config.toString());
        assertThat(overTls[0]).as(overTls[1]).isEqualTo("0");
        assertThat(overTls[1]).contains("relay to other domains: not allowed");
        String[] user = run("explain", "--authenticated-user", "alice@contoso.test", "--from", "alice@contoso.test", "--to",
                "x@external.example", "--config", config.toString());
        assertThat(user[1]).contains("relay to other domains: allowed (authenticated as alice@contoso.test)");
        String[] group = run("explain", "--to", "team@contoso.test", "--config", config.toString());
        assertThat(group[1]).contains("team@contoso.test is group team@contoso.test").contains("EXPAND  <team@contoso.test>")
                .contains("Next hop: mailbox:bob@contoso.test").contains("Next hop: mx:audit.example");
    }

    @Test
    void demoShouldRunTheArticlesScenarioInUnderAMinute() {
        long start = System.nanoTime();
        String[] r = run("demo", "--data", dir.resolve("demo").toString());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(r[0]).as(r[1]).isEqualTo("0");
        assertThat(took).isLessThan(Duration.ofMinutes(1));
        assertThat(r[1]).contains("onprem1 received 3, onprem2 received 3").contains("onprem1 received 0, onprem2 received 4")
                .contains("hosts asked about nobody@fabrikam.test: 1").contains("Status: 5.1.1")
                .contains("every step behaved as the article describes");
    }
}
