package io.mailflow.admin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mailflow check-config}: the summary of a good file. */
class CheckConfigCommandTest {

    @TempDir
    Path dir;

    private String check(String yaml) throws Exception {
        Path file = dir.resolve("mailflow.yaml");
        Files.writeString(file, yaml);
        Cli.Result r = Cli.run("check-config", file.toString());
        assertThat(r.exitCode()).isZero();
        return r.output();
    }

    @Test
    void summaryShouldUseTheSingularForOneOfEach() throws Exception {
        assertThat(check("""
                acceptedDomains: [{domainName: contoso.test}]
                mailboxes: [{primarySmtpAddress: alice@contoso.test}]
                inboundConnectors:
                  - {name: Apps, connectorType: OnPremises, senderIPAddresses: [192.0.2.1]}
                outboundConnectors:
                  - {name: Out, connectorType: Partner, recipientDomains: [fabrikam.test]}
                transportRules:
                  - {name: Tag, subjectContainsWords: [x], prependSubject: '[x] '}
                """)).contains("OK (1 accepted domain, 1 mailbox, 1 inbound connector, 1 outbound connector, 1 rule;");
    }

    @Test
    void summaryShouldCountOutboundConnectorsAndRulesInThePlural() throws Exception {
        assertThat(check("""
                acceptedDomains: [{domainName: contoso.test}, {domainName: fabrikam.test}]
                outboundConnectors:
                  - {name: A, connectorType: Partner, recipientDomains: [a.example]}
                  - {name: B, connectorType: Partner, recipientDomains: [b.example]}
                transportRules:
                  - {name: One, subjectContainsWords: [x], prependSubject: '[x] '}
                  - {name: Two, subjectContainsWords: [y], prependSubject: '[y] '}
                """)).contains("OK (2 accepted domains, 0 mailboxes, 0 inbound connectors, 2 outbound connectors, 2 rules;");
    }
}
