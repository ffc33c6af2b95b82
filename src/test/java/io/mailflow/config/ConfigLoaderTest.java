package io.mailflow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailflow.model.ByteSize;
import io.mailflow.model.ConnectorType;
import io.mailflow.model.DomainType;
import io.mailflow.model.EmailAddress;
import io.mailflow.model.IpRange;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private ConfigException refused(String yaml) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, yaml);
        try {
            ConfigLoader.load(file, 1);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("accepted: " + yaml);
    }

    @Test
    void bundledExampleShouldLoadExactlyAsWritten() throws Exception {
        ConfigSnapshot s = ConfigLoader.load(Path.of("mailflow.yaml"), 1);
        var c = s.configuration();
        assertThat(c.server().hostname()).isEqualTo("mail.contoso.test");
        assertThat(s.dataDirectory()).isEqualTo(Path.of("data").toAbsolutePath());
        assertThat(c.server().listeners()).extracting(l -> l.name() + " " + l.bind() + " " + l.type() + " " + l.tls())
                .containsExactly("Default Frontend 127.0.0.1:2525 Smtp StartTls", "Client Submission 127.0.0.1:5870 Submission StartTls");
        assertThat(c.distributionGroups()).singleElement().satisfies(g -> assertThat(g.members()).containsExactly("alice@contoso.test"));
        assertThat(s.rules()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("Tag mail from outside");
            assertThat(r.conditions()).containsExactly(new io.mailflow.model.RuleCondition.FromScope(
                    io.mailflow.model.OrganizationScope.NotInOrganization));
            assertThat(r.actions()).containsExactly(new io.mailflow.model.RuleAction.PrependSubject("[EXTERNAL] "));
        });
        assertThat(c.server().tls().isGenerated()).isTrue();
        assertThat(c.server().limits().maxMessageSize()).isEqualTo(ByteSize.ofMegabytes(36));
        assertThat(c.server().limits().maxMessageSize().bytes()).isEqualTo(37_748_736L);
        assertThat(c.server().limits().maxRecipientsPerMessage()).isEqualTo(500);
        assertThat(c.server().limits().maxConnections()).isEqualTo(1000);
        assertThat(c.server().limits().maxConnectionsPerIp()).isEqualTo(50);
        assertThat(c.acceptedDomains()).extracting(d -> d.domainName() + "/" + d.domainType())
                .containsExactly("contoso.test/Authoritative", "fabrikam.test/InternalRelay");
        assertThat(s.mailbox(EmailAddress.parse("Alice.Smith@contoso.test"))).get()
                .satisfies(m -> assertThat(m.primarySmtpAddress()).isEqualTo("alice@contoso.test"));
        assertThat(c.inboundConnectors()).singleElement().satisfies(ic -> {
            assertThat(ic.name()).isEqualTo("From on-premises apps");
            assertThat(ic.connectorType()).isEqualTo(ConnectorType.OnPremises);
            assertThat(ic.isEnabled()).isTrue();
            assertThat(ic.senderIpRanges()).containsExactly(IpRange.parse("127.0.0.2/32"));
        });
        assertThat(s.inboundConnectorFor(InetAddress.getByName("127.0.0.2"))).isPresent();
        assertThat(s.inboundConnectorFor(InetAddress.getByName("127.0.0.1"))).isEmpty();
        assertThat(s.acceptedDomain("fabrikam.test")).get().extracting(d -> d.domainType()).isEqualTo(DomainType.InternalRelay);
        assertThat(c.outboundConnectors()).extracting(o -> o.name()).containsExactly("To Fabrikam on-premises", "Partner TLS");
        var fabrikam = s.outboundConnector("to fabrikam ON-PREMISES").orElseThrow();
        assertThat(fabrikam.connectorType()).isEqualTo(ConnectorType.OnPremises);
        assertThat(fabrikam.useMxRecord()).isFalse();
        assertThat(fabrikam.parsedSmartHosts()).extracting(Object::toString).containsExactly("127.0.0.1:2601", "127.0.0.1:2602");
        assertThat(fabrikam.tlsSettings()).isNull();
        var partner = s.outboundConnector("Partner TLS").orElseThrow();
        assertThat(partner.tlsSettings()).isEqualTo(io.mailflow.model.TlsAuthLevel.DomainValidation);
        assertThat(partner.tlsDomain()).isEqualTo("partner.test");
        assertThat(partner.useMxRecord()).isTrue();
        assertThat(c.transport().messageExpiration()).isEqualTo(Duration.ofHours(24));
        assertThat(c.transport().delayNotification()).isEqualTo(Duration.ofHours(4));
        assertThat(c.transport().mxPort()).isEqualTo(25);
        assertThat(c.transport().trustedCaFile()).isNull();
        assertThat(c.dns().servers()).isEmpty();
    }

    @Test
    void wrongOutboundConnectorCombinationsShouldNameTheField() throws Exception {
        ConfigException e = refused("""
                acceptedDomains:
                  - domainName: contoso.test
                outboundConnectors:
                  - name: No hosts
                    connectorType: OnPremises
                    recipientDomains: [a.test]
                    useMxRecord: false
                  - name: Partner all
                    connectorType: Partner
                    allAcceptedDomains: true
                  - name: Domain without validation
                    connectorType: Partner
                    recipientDomains: [b.test]
                    tlsSettings: CertificateValidation
                    tlsDomain: b.test
                  - name: Bad hosts
                    connectorType: Partner
                    recipientDomains: [c.test, 'x.*.test']
                    useMxRecord: false
                    smartHosts: [bad_host!, 10.0.0.0/16, '[::1]:0']
                  - name: no hosts
                    connectorType: Partner
                    recipientDomains: [d.test]
                    useMxRecord: true
                    smartHosts: [10.0.0.1]
                """);
        assertThat(e.problems()).extracting(p -> p.line() + " " + p.field())
                .contains("4 outboundConnectors[0].smartHosts", "10 outboundConnectors[1].allAcceptedDomains",
                        "15 outboundConnectors[2].tlsDomain", "18 outboundConnectors[3].recipientDomains[1]",
                        "20 outboundConnectors[3].smartHosts[0]", "20 outboundConnectors[3].smartHosts[1]",
                        "20 outboundConnectors[3].smartHosts[2]", "21 outboundConnectors[4].name",
                        "25 outboundConnectors[4].smartHosts");
        assertThat(e.problems()).anySatisfy(p -> assertThat(p.message()).contains("at most 256"));
    }

    @Test
    void wrongInboundConnectorCombinationsShouldNameTheField() throws Exception {
        ConfigException e = refused("""
                acceptedDomains:
                  - domainName: contoso.test
                inboundConnectors:
                  - name: OnPrem with partner options
                    connectorType: OnPremises
                    senderIPAddresses: [10.0.0.0/8]
                    restrictDomainsToIPAddresses: true
                  - name: OnPrem unrecognisable
                    connectorType: OnPremises
                  - name: Partner internal
                    connectorType: Partner
                    treatMessagesAsInternal: true
                  - name: Partner IP restriction without IPs
                    connectorType: Partner
                    restrictDomainsToIPAddresses: true
                  - name: Partner certificate without TLS
                    connectorType: Partner
                    restrictDomainsToCertificate: true
                    tlsSenderCertificateName: mail.partner.test
                  - name: Any certificate
                    connectorType: OnPremises
                    tlsSenderCertificateName: '*'
                """);
        assertThat(e.problems()).extracting(p -> p.line() + " " + p.field())
                .containsExactlyInAnyOrder("7 inboundConnectors[0].restrictDomainsToIPAddresses", "8 inboundConnectors[1].senderIPAddresses",
                        "12 inboundConnectors[2].treatMessagesAsInternal", "13 inboundConnectors[3].senderIPAddresses",
                        "16 inboundConnectors[4].requireTls", "22 inboundConnectors[5].tlsSenderCertificateName");
    }

    @Test
    void onPremisesConnectorAsExchangesHybridWizardWritesItShouldLoad() throws Exception {
        Path file = dir.resolve("hybrid.yaml");
        Files.writeString(file, """
                acceptedDomains:
                  - {domainName: contoso.test}
                inboundConnectors:
                  - {name: Inbound from on-premises, connectorType: OnPremises, requireTls: true,
                     tlsSenderCertificateName: mail.contoso.test}
                """);
        var c = ConfigLoader.load(file, 1).configuration().inboundConnectors().getFirst();
        assertThat(c.requireTls()).isTrue();
        assertThat(c.onPremisesRequiresTls()).isTrue();
        assertThat(c.restricts()).as("not a Partner restriction of sender domains").isFalse();
    }

    @Test
    void domainsWrittenInUnicodeShouldBeReadByUts46() throws Exception {
        Path file = dir.resolve("idn.yaml");
        Files.writeString(file, """
                acceptedDomains:
                  - {domainName: Faß.de}
                  - {domainName: strasse.test}
                mailboxes:
                  - {primarySmtpAddress: anna@FAß.DE}
                inboundConnectors:
                  - {name: Books, connectorType: OnPremises, tlsSenderCertificateName: '*.Bücher.example'}
                outboundConnectors:
                  - {name: Books, connectorType: Partner, recipientDomains: [bücher.example], tlsSettings: DomainValidation,
                     tlsDomain: mx.Bücher.example}
                """);
        ConfigSnapshot s = ConfigLoader.load(file, 1);
        assertThat(s.configuration().inboundConnectors().getFirst().tlsSenderCertificateName()).as("certificates carry A-labels")
                .isEqualTo("*.xn--bcher-kva.example");
        assertThat(s.configuration().outboundConnectors().getFirst().tlsDomain()).isEqualTo("mx.xn--bcher-kva.example");
        assertThat(s.acceptedDomain("xn--fa-hia.de")).isPresent();
        assertThat(s.acceptedDomain("fass.de")).as("faß.de is not fass.de").isEmpty();
        assertThat(s.acceptedDomain(io.mailflow.model.Domains.normalize("straße.test"))).as("nor the other way round").isEmpty();
        assertThat(s.mailbox(EmailAddress.parse("Anna@faß.de"))).isPresent();
        assertThat(s.mailbox(EmailAddress.parse("anna@fass.de"))).isEmpty();
    }

    @Test
    void invalidInternationalDomainsShouldNameTheFieldAndTheReason() throws Exception {
        ConfigException e = refused("""
                acceptedDomains:
                  - {domainName: "a\u200Db.example"}
                inboundConnectors:
                  - {name: Partner, connectorType: Partner, senderDomains: ["*.x\u200Cy.example"], requireTls: true}
                outboundConnectors:
                  - {name: Out, connectorType: Partner, recipientDomains: ["\u05D0a.example"], useMxRecord: true}
                """);
        assertThat(e.problems()).extracting(p -> p.line() + " " + p.field())
                .containsExactlyInAnyOrder("2 acceptedDomains[0].domainName", "4 inboundConnectors[0].senderDomains[0]",
                        "6 outboundConnectors[0].recipientDomains[0]");
        assertThat(e.problems()).extracting(ConfigProblem::message).containsExactlyInAnyOrder(
                "not a valid domain name: 'a<U+200D>b.example': a zero-width joiner or non-joiner where RFC 5892 does not allow"
                        + " one (CONTEXTJ)",
                "'*.x<U+200C>y.example': not a valid domain name: 'x<U+200C>y.example': a zero-width joiner or non-joiner where"
                        + " RFC 5892 does not allow one (CONTEXTJ)",
                "'\u05D0a.example': not a valid domain name: '\u05D0a.example': right-to-left and left-to-right text mixed"
                        + " against RFC 5893 (Bidi rule)");
    }

    @Test
    void directoryProblemsShouldNameTheField() throws Exception {
        ConfigException e = refused("""
                acceptedDomains:
                  - {domainName: contoso.test}
                  - {domainName: fabrikam.test, matchSubDomains: true}
                mailboxes:
                  - {primarySmtpAddress: alice@contoso.test}
                  - {primarySmtpAddress: bob@elsewhere.test}
                  - {primarySmtpAddress: dan@contoso.test, password: secret}
                mailUsers:
                  - {primarySmtpAddress: alice@contoso.test, externalEmailAddress: alice@branch.test}
                  - {primarySmtpAddress: carol@contoso.test}
                mailContacts:
                  - {name: No address}
                distributionGroups:
                  - {primarySmtpAddress: team@contoso.test, members: [alice@contoso.test, ghost@contoso.test]}
                """);
        assertThat(e.problems()).extracting(p -> p.line() + " " + p.field())
                .containsExactlyInAnyOrder("3 acceptedDomains[1].matchSubDomains", "6 mailboxes[1].primarySmtpAddress",
                        "7 mailboxes[2].password", "9 mailUsers[0].primarySmtpAddress", "10 mailUsers[1].externalEmailAddress",
                        "12 mailContacts[0].externalEmailAddress", "14 distributionGroups[0].members[1]");
        assertThat(e.problems()).anySatisfy(p -> assertThat(p.message()).contains("already belongs to mailbox alice@contoso.test"))
                .anySatisfy(p -> assertThat(p.message()).contains("hash-password"));
    }

    @Test
    void wrongMailFlowRulesShouldNameTheField() throws Exception {
        ConfigException e = refused("""
                acceptedDomains:
                  - {domainName: contoso.test}
                mailboxes:
                  - {primarySmtpAddress: alice@contoso.test}
                transportRules:
                  - name: Typo
                    subjectContainsWord: [x]
                    prependSubject: '[x] '
                  - name: Bad pattern and code
                    subjectMatchesPatterns: ['ok', '(unclosed']
                    rejectMessageEnhancedStatusCode: 5.7.42
                  - name: No such connector
                    routeMessageOutboundConnector: Nowhere
                  - name: Not a group
                    fromMemberOf: [alice@contoso.test]
                    exceptIfSentToMemberOf: [ghost@contoso.test]
                    setHeaderName: X-A
                  - name: Nothing to do
                    fromScope: Inside
                    activationDate: tomorrow
                  - name: Too much
                    deleteMessage: true
                    redirectMessageTo: [alice@contoso.test]
                """);
        assertThat(e.problems()).extracting(p -> p.line() + " " + p.field()).contains(
                "7 transportRules[0].subjectContainsWord", "10 transportRules[1].subjectMatchesPatterns[1]",
                "11 transportRules[1].rejectMessageEnhancedStatusCode", "13 transportRules[2].routeMessageOutboundConnector",
                "15 transportRules[3].fromMemberOf[0]", "16 transportRules[3].exceptIfSentToMemberOf[0]",
                "17 transportRules[3].setHeaderName", "19 transportRules[4].fromScope", "20 transportRules[4].activationDate",
                "22 transportRules[5].deleteMessage");
        assertThat(e.problems()).anySatisfy(p -> assertThat(p.message()).contains("unknown rule parameter 'subjectContainsWord'")
                .contains("subjectContainsWords"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p.message()).contains("not a valid regular expression"));
    }

    @Test
    void emptyFileShouldGiveTheDocumentedDefaults() throws Exception {
        Files.writeString(dir.resolve("empty.yaml"), "");
        var c = ConfigLoader.load(dir.resolve("empty.yaml"), 1).configuration();
        assertThat(c.server().listeners()).singleElement().extracting(l -> l.bind()).isEqualTo("127.0.0.1:2525");
        assertThat(c.server().limits().commandTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.server().limits().maxLocalHopCount()).isEqualTo(20);
        assertThat(c.server().limits().maxRejectedRecipients()).isEqualTo(20);
        assertThat(c.transport().messageExpiration()).isEqualTo(Duration.ofHours(24));
        assertThat(c.transport().retryIntervals()).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(5),
                Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofMinutes(60));
    }

    @Test
    void badEnumShouldNameFileLineAndField() throws Exception {
        ConfigException e = refused("""
                acceptedDomains:
                  - domainName: contoso.test
                    domainType: Authoritative
                  - domainName: fabrikam.test
                    domainType: Internal
                """);
        assertThat(e.getMessage()).isEqualTo(dir.resolve("bad.yaml") + ":5: acceptedDomains[1].domainType: "
                + "'Internal' is not one of Authoritative, InternalRelay");
    }

    @Test
    void unknownFieldShouldBeNamedWithTheKnownOnes() throws Exception {
        ConfigException e = refused("server:\n  limits:\n    maxMesageSize: 10MB\n");
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.field()).isEqualTo("server.limits.maxMesageSize");
            assertThat(p.message()).contains("unknown field 'maxMesageSize'").contains("maxMessageSize");
        });
    }

    @Test
    void limitOfZeroShouldBeRefusedWithItsField() throws Exception {
        ConfigException e = refused("server:\n  limits:\n    maxRejectedRecipients: 0\n");
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("server.limits.maxRejectedRecipients");
            assertThat(p.message()).contains("greater than zero");
        });
    }

    @Test
    void badSizeAndDurationShouldSayHowToWriteThem() throws Exception {
        assertThat(refused("server:\n  limits:\n    maxMessageSize: 36 megabytes\n").problems().getFirst().message())
                .contains("36MB");
        ConfigException d = refused("transport:\n  retryIntervals: [1m, soon]\n");
        assertThat(d.problems().getFirst().field()).isEqualTo("transport.retryIntervals[1]");
        assertThat(d.problems().getFirst().line()).isEqualTo(2);
    }

    @Test
    void everySemanticProblemShouldBeReportedAtOnceWithItsLine() throws Exception {
        ConfigException e = refused("""
                server:
                  hostname: not_a_host
                  listeners:
                    - name: a
                      bind: localhost:25
                acceptedDomains:
                  - domainName: contoso.test
                  - domainName: CONTOSO.test
                mailboxes:
                  - primarySmtpAddress: alice@other.test
                  - primarySmtpAddress: bob@contoso.test
                    emailAddresses: [alice.x@contoso.test, "a b@contoso.test"]
                inboundConnectors:
                  - name: x
                    senderIPAddresses: [10.0.0.0/33]
                """);
        assertThat(e.problems()).extracting(p -> p.line() + " " + p.field())
                .contains("2 server.hostname", "5 server.listeners[0].bind", "8 acceptedDomains[1].domainName",
                        "10 mailboxes[0].primarySmtpAddress", "12 mailboxes[1].emailAddresses[1]",
                        "14 inboundConnectors[0].connectorType", "15 inboundConnectors[0].senderIPAddresses[0]");
    }

    @Test
    void yamlSyntaxErrorShouldGiveTheLine() throws Exception {
        ConfigException e = refused("server:\n  hostname: a\n   listeners: [\n");
        assertThat(e.problems().getFirst().line()).isBetween(3, 4);
        assertThat(e.getMessage()).contains("not valid YAML");
    }

    @Test
    void duplicateKeysShouldBeRefused() throws Exception {
        assertThat(refused("server:\n  hostname: a.test\n  hostname: b.test\n").getMessage()).contains("hostname");
    }

    @Test
    void certificateWithoutKeyShouldBeRefused() throws Exception {
        assertThat(refused("server:\n  tls:\n    certificateFile: a.pem\n").problems())
                .extracting(ConfigProblem::field).containsExactly("server.tls.privateKeyFile");
    }

    @Test
    void missingFileShouldBeNamed() {
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml"), 1)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("nope.yaml").hasMessageContaining("cannot read");
    }

    @Test
    void relativePathsShouldResolveAgainstTheConfigurationFile() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("etc"));
        Files.writeString(sub.resolve("m.yaml"), "server:\n  dataDirectory: ../var/mail\n");
        assertThat(ConfigLoader.load(sub.resolve("m.yaml"), 1).dataDirectory()).isEqualTo(dir.resolve("var/mail"));
    }

    @Test
    void aConfiguredFileThatDoesNotExistShouldBeRefusedNamingTheFileLineAndField() throws Exception {
        ConfigException e = refused("""
                server:
                  hostname: mail.contoso.test
                transport:
                  retryIntervals: [1m]
                  trustedCaFile: certs/ca.pem
                """);
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(dir.resolve("bad.yaml").toString());
            assertThat(p.line()).isEqualTo(5);
            assertThat(p.field()).isEqualTo("transport.trustedCaFile");
            assertThat(p.message()).isEqualTo("file " + dir.resolve("certs/ca.pem") + " does not exist");
        });
        assertThat(e.getMessage()).contains("bad.yaml:5: transport.trustedCaFile: file " + dir.resolve("certs/ca.pem"));
    }

    @Test
    void everyConfiguredFileShouldBeCheckedAndAllProblemsReportedAtOnce() throws Exception {
        Files.createDirectories(dir.resolve("certs"));
        ConfigException e = refused("""
                server:
                  tls:
                    certificateFile: /nonexistent/cert.pem
                    privateKeyFile: certs
                """);
        assertThat(e.problems()).extracting(p -> p.line() + " " + p.field() + ": " + p.message()).containsExactly(
                "3 server.tls.certificateFile: file /nonexistent/cert.pem does not exist",
                "4 server.tls.privateKeyFile: " + dir.resolve("certs") + " is not a file");
    }

    @Test
    void configuredFilesThatExistShouldBeAcceptedRelativeToTheConfigurationFile() throws Exception {
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Files.writeString(etc.resolve("ca.pem"), "not checked here: the TLS code reads it");
        Files.writeString(etc.resolve("m.yaml"), "transport:\n  trustedCaFile: ca.pem\n");
        ConfigSnapshot s = ConfigLoader.load(etc.resolve("m.yaml"), 1);
        assertThat(s.resolve(s.configuration().transport().trustedCaFile())).isEqualTo(etc.resolve("ca.pem"));
    }

    @Test
    void anAdminListenerOffLoopbackShouldNeedTls() throws Exception {
        ConfigException e = refused("server:\n  admin: {bind: '0.0.0.0:8025'}\n");
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("server.admin.bind");
            assertThat(p.message()).contains("server.admin.tls: true");
        });
        Path ok = dir.resolve("ok.yaml");
        Files.writeString(ok, "server:\n  admin: {bind: '0.0.0.0:8025', tls: true}\n");
        assertThat(ConfigLoader.load(ok, 1).configuration().server().admin().tls()).isTrue();
    }
}
