package io.mailflow.admin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The administrator's rule tools: rules list, rules test on a real .eml, and explain with rules. */
class RulesCommandTest {

    @TempDir
    Path dir;
    Path config;

    @BeforeEach
    void writeConfig() throws Exception {
        config = dir.resolve("mailflow.yaml");
        Files.writeString(config, """
                server: {dataDirectory: ./data}
                acceptedDomains:
                  - {domainName: contoso.test}
                mailboxes:
                  - {primarySmtpAddress: alice@contoso.test}
                  - {primarySmtpAddress: bob@contoso.test}
                outboundConnectors:
                  - {name: Appliance, connectorType: Partner, recipientDomains: ['*'], isTransportRuleScoped: true,
                     useMxRecord: false, smartHosts: ['10.0.0.5']}
                transportRules:
                  - name: External disclaimer
                    sentToScope: NotInOrganization
                    applyHtmlDisclaimerText: '<p>Sent from Contoso</p>'
                  - name: Secure through the appliance
                    priority: 0
                    subjectContainsWords: ['[secure]']
                    routeMessageOutboundConnector: Appliance
                  - name: No payroll
                    subjectOrBodyContainsWords: [payroll]
                    rejectMessageReasonText: Payroll stays inside
                    rejectMessageEnhancedStatusCode: 5.7.901
                """);
        Files.copy(getClass().getResourceAsStream("/messages/plain-utf8.eml"), dir.resolve("plain.eml"));
    }

    @Test
    void rulesListShouldShowTheEffectivePriorities() {
        Cli.Result r = Cli.run("rules", "list", "--config", config.toString());
        assertThat(r.exitCode()).isEqualTo(0);
        assertThat(r.output()).containsPattern("0 +Secure through the appliance").containsPattern("1 +External disclaimer")
                .containsPattern("2 +No payroll");
    }

    @Test
    void rulesTestShouldPrintEachCopyItsRouteAndTheChangedMessage() {
        Cli.Result r = Cli.run("rules", "test", "--config", config.toString(), "--message", dir.resolve("plain.eml").toString(),
                "--from", "alice@contoso.test", "--to", "bob@contoso.test", "--to", "x@gmail.example",
                "--authenticated-user", "alice@contoso.test");
        assertThat(r.exitCode()).as(r.output()).isEqualTo(0);
        assertThat(r.output()).contains("External disclaimer: APPLIES")
                .contains("yes: sentToScope NotInOrganization: x@gmail.example is not in the organization")
                .contains("Secure through the appliance: does not apply")
                .contains("The rules split the message into 2 copies").contains("Recipient bob@contoso.test")
                .contains("Next hop: mailbox:bob@contoso.test").contains("Next hop: mx:gmail.example").contains("Subject: Rechnung für März – invoice 42");
        String copy2 = r.output().substring(r.output().indexOf("Copy 2"));
        assertThat(copy2).contains("Please keep this confidential.\n\nAlice\n\nSent from Contoso");
        assertThat(r.output().substring(r.output().indexOf("Copy 1"), r.output().indexOf("Copy 2"))).doesNotContain("Sent from Contoso");
    }

    @Test
    void rulesTestShouldSayWhenARuleRefusesTheMessage() throws Exception {
        Files.writeString(dir.resolve("payroll.eml"), "From: alice@contoso.test\nSubject: payroll\n\nMarch figures\n");
        Cli.Result r = Cli.run("rules", "test", "--config", config.toString(), "--message", dir.resolve("payroll.eml").toString(),
                "--from", "alice@contoso.test", "--to", "bob@contoso.test");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.output()).contains("refused at the end of DATA with 550 5.7.901 Payroll stays inside")
                .contains("mail flow rule 'No payroll' rejects the message");
    }

    @Test
    void explainShouldShowTheRulesAndTheRoutesTheyChoose() {
        Cli.Result r = Cli.run("explain", "--config", config.toString(), "--from", "alice@contoso.test", "--to", "x@gmail.example",
                "--authenticated-user", "alice@contoso.test", "--subject", "[secure] contract");
        assertThat(r.exitCode()).as(r.output()).isEqualTo(0);
        assertThat(r.output()).contains("0  Secure through the appliance: APPLIES")
                .contains("yes: subjectContainsWords: '[secure]' in the subject")
                .contains("a mail flow rule routes this recipient to connector 'Appliance' (takes precedence)")
                .contains("Next hop: connector:Appliance  (by a rule: connector Appliance)").doesNotContain("Next hop: mx:gmail.example");
    }
}
