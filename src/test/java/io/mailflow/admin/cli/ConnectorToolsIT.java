package io.mailflow.admin.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.testing.Cli;
import io.mailflow.testing.GatewayProcess;
import io.mailflow.testing.SmtpSink;
import io.mailflow.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The administrator's tools: connector validation (S8, S16), explain, and the demo. */
class ConnectorToolsIT {

    @TempDir
    Path dir;

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
            Cli.Result r = Cli.run("connector", "validate", "To Fabrikam on-premises", "--recipient", "test@fabrikam.test",
                    "--config", config.toString());
            assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
            assertThat(r.output()).contains("127.0.0.1:" + up.port() + "  OK").contains("127.0.0.1:" + downPort + "  FAILED")
                    .containsPattern("connect +ok +127\\.0\\.0\\.1:" + up.port())
                    .containsPattern("EHLO +ok +PIPELINING").containsPattern("STARTTLS +ok +not offered")
                    .containsPattern("test message +ok +250").containsPattern("connect +FAILED")
                    .contains("The connector stays in use");
            Path record = dir.resolve("data/connectors/To_Fabrikam_on-premises.validation.json");
            assertThat(Files.readString(record)).contains("\"connector\" : \"To Fabrikam on-premises\"").contains("validatedAt");
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(record.getParent())))
                    .as("connectors/ is private").isEqualTo("rwx------");
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(record)))
                    .isEqualTo("rw-------");
            assertThat(up.count()).as("the test message reached the working host").isEqualTo(1);
            assertThat(up.dumps().getFirst().content()).contains("Subject: Mailflow connector validation: To Fabrikam on-premises")
                    .as("RFC 5322 §3.6: a Date, and a Message-ID filters look for")
                    .containsPattern("(?m)^Date: (Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{1,2} [A-Z][a-z]{2} \\d{4} \\d\\d:\\d\\d:\\d\\d \\+0000$")
                    .containsPattern("(?m)^Message-ID: <[0-9a-f-]{36}\\.connector-validation@mail\\.contoso\\.test>$");

            Cli.Result unknown = Cli.run("connector", "validate", "Nope", "--config", config.toString());
            assertThat(unknown.exitCode()).isEqualTo(2);
        }
    }

    @Test
    void explainShouldShowAcceptanceRoutingAndTheSplitPerRecipient() throws Exception {
        Cli.Result r = Cli.run("explain", "--from", "app@contoso.test", "--to", "alice.smith@contoso.test", "--to", "bob@fabrikam.test",
                "--to", "x@partner.test", "--to", "y@elsewhere.example", "--to", "nobody@contoso.test", "--client-ip", "127.0.0.2",
                "--config", "mailflow.yaml");
        assertThat(r.exitCode()).as("a refused recipient makes explain exit 1").isEqualTo(1);
        assertThat(r.output()).contains("inbound connector 'From on-premises apps' (OnPremises): client IP 127.0.0.2 is in its senderIPAddresses")
                .contains("relay to other domains: allowed")
                .contains("alice.smith@contoso.test is an address (emailAddresses) of mailbox alice@contoso.test")
                .contains("Next hop: mailbox:alice@contoso.test")
                .contains("'To Fabrikam on-premises' matches by exact domain fabrikam.test: chosen")
                .contains("smart hosts [127.0.0.1:2601, 127.0.0.1:2602], round robin")
                .contains("Next hop: connector-mx:partner.test:Partner TLS").contains("TLS: required, DomainValidation for partner.test")
                .contains("Next hop: mx:elsewhere.example")
                .contains("RCPT TO:<nobody@contoso.test>: refused with 550 5.4.1 Recipient address rejected: Access denied")
                .contains("split into 4 deliveries (bifurcation)");
        Cli.Result outside = Cli.run("explain", "--to", "y@elsewhere.example", "--config", "mailflow.yaml");
        assertThat(outside.output()).contains("no inbound connector").contains("550 5.7.64 TenantAttribution; Relay Access Denied");
    }

    @Test
    void explainShouldKeepARecipientsRefusalAndStillShowItsRouteAsIfItWereAccepted() {
        Cli.Result r = Cli.run("explain", "--from", "alice@contoso.test", "--to", "u@partner.test", "--config", "mailflow.yaml");
        assertThat(r.exitCode()).as("the refusal stands").isEqualTo(1);
        String out = r.output();
        assertThat(out).contains("RCPT TO:<u@partner.test>: refused with 550 5.7.64 TenantAttribution; Relay Access Denied");
        String hypothetical = out.substring(out.indexOf("RCPT TO:<u@partner.test>: refused"));
        assertThat(hypothetical).contains("=== If it were accepted (it is not: u@partner.test refused at RCPT above; nothing below"
                        + " would happen) ===")
                .contains("Tag mail from outside: APPLIES")
                .contains("- partner.test is not an accepted domain: an external recipient")
                .contains("- 'Partner TLS' matches by exact domain partner.test: chosen (the only matching connector)")
                .contains("Next hop: connector-mx:partner.test:Partner TLS")
                .contains("TLS: required, DomainValidation for partner.test (never plain text)");
        assertThat(out.indexOf("=== If it were accepted")).as("after the refusal").isGreaterThan(out.indexOf("550 5.7.64"));
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
                  - {name: On-premises TLS, connectorType: OnPremises, senderIPAddresses: [192.0.2.20], requireTls: true}
                """);
        Cli.Result cert = Cli.run("explain", "--client-cert-name", "relay.contoso.test", "--from", "app@gmail.example", "--to",
                "x@external.example", "--config", config.toString());
        assertThat(cert.exitCode()).as(cert.output()).isEqualTo(0);
        assertThat(cert.output()).contains("with certificate relay.contoso.test: inbound connector 'On-premises by certificate' (OnPremises)")
                .contains("relay to other domains: allowed").contains("the certificate's domain is an accepted domain");
        Cli.Result plain = Cli.run("explain", "--client-ip", "192.0.2.9", "--from", "a@tls-partner.test", "--to", "alice@contoso.test",
                "--config", config.toString());
        assertThat(plain.exitCode()).isEqualTo(1);
        assertThat(plain.output()).contains("refused with 530 5.7.0 Must issue a STARTTLS command first")
                .contains("Partner connector 'Partner TLS' covers tls-partner.test: TLS is required");
        Cli.Result overTls = Cli.run("explain", "--client-ip", "192.0.2.9", "--tls", "--from", "a@tls-partner.test", "--to",
                "alice@contoso.test", "--config", config.toString());
        assertThat(overTls.exitCode()).as(overTls.output()).isEqualTo(0);
        assertThat(overTls.output()).contains("relay to other domains: not allowed");
        Cli.Result onPremPlain = Cli.run("explain", "--client-ip", "192.0.2.20", "--from", "app@contoso.test", "--to",
                "x@external.example", "--config", config.toString());
        assertThat(onPremPlain.exitCode()).isEqualTo(1);
        assertThat(onPremPlain.output()).contains("MAIL FROM:<app@contoso.test>: refused with 530 5.7.0 Must issue a STARTTLS command"
                + " first").contains("because OnPremises connector 'On-premises TLS' (client IP 192.0.2.20 is in its senderIPAddresses)"
                + " requires TLS and the session is in plain text");
        Cli.Result onPremTls = Cli.run("explain", "--client-ip", "192.0.2.20", "--tls", "--from", "app@contoso.test", "--to",
                "x@external.example", "--config", config.toString());
        assertThat(onPremTls.exitCode()).as(onPremTls.output()).isEqualTo(0);
        assertThat(onPremTls.output()).contains("relay to other domains: allowed (OnPremises inbound connector 'On-premises TLS'");
        Cli.Result user = Cli.run("explain", "--authenticated-user", "alice@contoso.test", "--from", "alice@contoso.test", "--to",
                "x@external.example", "--config", config.toString());
        assertThat(user.output()).contains("relay to other domains: allowed (authenticated as alice@contoso.test)");
        Cli.Result group = Cli.run("explain", "--to", "team@contoso.test", "--config", config.toString());
        assertThat(group.output()).contains("team@contoso.test is group team@contoso.test").contains("EXPAND  <team@contoso.test>")
                .contains("Next hop: mailbox:bob@contoso.test").contains("Next hop: mx:audit.example");
        Cli.Result postmaster = Cli.run("explain", "--to", "Postmaster@contoso.test", "--config", config.toString());
        assertThat(postmaster.exitCode()).as(postmaster.output()).isZero();
        assertThat(postmaster.output()).contains("RCPT TO:<Postmaster@contoso.test>: accepted (250 2.1.5) because Postmaster@contoso.test"
                        + " is the postmaster of accepted domain contoso.test (RFC 5321 §4.5.1); it goes to alice@contoso.test (the first"
                        + " mailbox: transport.postmasterRecipient is not set)")
                .contains("RESOLVE  <Postmaster@contoso.test>  resolvedTo=alice@contoso.test")
                .contains("Next hop: mailbox:alice@contoso.test");
    }

    @Test
    void demoShouldRunTheArticlesScenarioInUnderAMinute() {
        long start = System.nanoTime();
        Cli.Result r = Cli.run("demo", "--data", dir.resolve("demo").toString());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(r.exitCode()).as(r.output()).isEqualTo(0);
        assertThat(took).isLessThan(Duration.ofMinutes(1));
        assertThat(r.output()).contains("onprem1 received 3, onprem2 received 3").contains("onprem1 received 0, onprem2 received 4")
                .contains("hosts asked about nobody@fabrikam.test: 1").contains("Status: 5.1.1")
                .contains("every step behaved as the article describes");
    }

    @Test
    void validatingDomainValidationOnAnIpSmartHostWithoutTlsDomainShouldSayWhatIsMissing() throws Exception {
        io.mailflow.testing.TestCertificates ca = io.mailflow.testing.TestCertificates.newAuthority(dir.resolve("pki"));
        var cert = ca.issue("server", "mail.fabrikam.test");
        try (var host = host(cert)) {
            Path config = verifiedConnector(host.port(), null, ca.caFile());
            Path victim = Files.writeString(dir.resolve("victim.txt"), "keep me");
            Path record = dir.resolve("data/connectors/Verified.validation.json");
            Files.createDirectories(record.getParent());
            Files.createSymbolicLink(record, victim); // planted by whoever owns the data directory
            Cli.Result r = Cli.run("connector", "validate", "Verified", "--config", config.toString());
            assertThat(r.exitCode()).as(r.output()).isEqualTo(1);
            assertThat(r.output()).containsPattern("STARTTLS +FAILED").contains("DomainValidation needs tlsDomain");
            assertThat(Files.readString(victim)).as("the symlink is replaced, not followed").isEqualTo("keep me");
            assertThat(Files.isSymbolicLink(record)).isFalse();
            assertThat(Files.readString(record)).contains("\"connector\" : \"Verified\"");
        }
    }

    /** A host presenting {@code cert} for STARTTLS. */
    private static io.mailflow.admin.demo.SimulatedSmtpServer host(io.mailflow.testing.TestCertificates.Issued cert)
            throws Exception {
        return new io.mailflow.admin.demo.SimulatedSmtpServer("mail.fabrikam.test", 0,
                io.mailflow.tls.ServerTlsContext.fromPem(cert.certificateFile(), cert.keyFile()).context());
    }

    /** A configuration whose connector "Verified" asks DomainValidation (for {@code tlsDomain}, if not null) of one smart host. */
    private Path verifiedConnector(int port, String tlsDomain, Path caFile) throws Exception {
        return TestGateway.writeConfig(dir, 0, "", TestGateway.DIRECTORY + """
                outboundConnectors:
                  - name: Verified
                    connectorType: OnPremises
                    recipientDomains: [fabrikam.test]
                    useMxRecord: false
                    smartHosts: [127.0.0.1:%d]
                    tlsSettings: DomainValidation
                %s
                transport:
                  trustedCaFile: %s
                """.formatted(port, tlsDomain == null ? "" : "    tlsDomain: " + tlsDomain, caFile));
    }

    /** Validates connector "Verified" (DomainValidation for {@code tlsDomain}) against a host presenting {@code cert}. */
    private Cli.Result validateAgainst(io.mailflow.testing.TestCertificates ca, io.mailflow.testing.TestCertificates.Issued cert,
            String tlsDomain, String startTlsRefusal) throws Exception {
        try (var host = host(cert)) {
            host.refuseStartTls(startTlsRefusal);
            Path config = verifiedConnector(host.port(), tlsDomain, ca.caFile());
            return Cli.run("connector", "validate", "Verified", "--recipient", "test@fabrikam.test", "--config", config.toString());
        }
    }

    @Test
    void validationShouldShowTheCertificatesNamesIssuerAndValidityAndWhatWasCheckedAgainstWhat() throws Exception {
        io.mailflow.testing.TestCertificates ca = io.mailflow.testing.TestCertificates.newAuthority(dir.resolve("pki"));
        var cert = ca.issue("server", "mail.fabrikam.test");
        Cli.Result r = validateAgainst(ca, cert, "mail.fabrikam.test", null);
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).containsPattern("STARTTLS +ok +TLSv1\\.3 TLS_\\S+ \\(DomainValidation\\); certificate names"
                + " \\[mail\\.fabrikam\\.test\\], issued by CN=Mailflow Test CA, valid from \\S+ until "
                + cert.certificate().getNotAfter().toInstant() + "; chain and dates verified against the JDK's CAs plus "
                + java.util.regex.Pattern.quote(ca.caFile().toString()) + " \\(1 certificate\\); DomainValidation against"
                + " mail\\.fabrikam\\.test: matched");

        Cli.Result wrong = validateAgainst(ca, cert, "other.fabrikam.test", null);
        assertThat(wrong.exitCode()).isEqualTo(1);
        assertThat(wrong.output()).containsPattern("STARTTLS +FAILED +TLSv1\\.3 .*certificate names \\[mail\\.fabrikam\\.test\\]"
                + ".*DomainValidation against other\\.fabrikam\\.test: no match");
    }

    @Test
    void validationShouldSayThatTheHostRefusedStartTlsNotThatItDidNotOfferIt() throws Exception {
        io.mailflow.testing.TestCertificates ca = io.mailflow.testing.TestCertificates.newAuthority(dir.resolve("pki"));
        Cli.Result r = validateAgainst(ca, ca.issue("server", "mail.fabrikam.test"), "mail.fabrikam.test",
                "454 4.7.0 TLS not available due to temporary reason");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.output()).containsPattern("STARTTLS +FAILED +450 4\\.4\\.317 .*refused STARTTLS: 454 4\\.7\\.0 TLS not available")
                .doesNotContain("did not offer");
    }
}
