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
        assertThat(r[1]).contains("inbound connector 'From on-premises apps' (OnPremises): may relay to any domain")
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
