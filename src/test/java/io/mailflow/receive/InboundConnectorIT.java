package io.mailflow.receive;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.store.TraceQuery;
import io.mailflow.testing.Processes;
import io.mailflow.testing.SmtpTestClient;
import io.mailflow.testing.TestCertificates;
import io.mailflow.testing.TestGateway;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exchange's inbound connector model against the real server: attribution by client certificate
 * (a real TLS handshake, certificates from a test CA) or by IP, OnPremises relay (the 2023 rule),
 * and each Partner restriction tested both ways with its reply code.
 */
class InboundConnectorIT {

    @TempDir
    static Path dir;
    static TestCertificates ca;
    static TestCertificates.Issued relayCert;
    static TestCertificates.Issued partnerCert;
    static TestCertificates.Issued wrongCert;
    static TestCertificates.Issued serverAuthOnlyCert;
    static TestCertificates.Issued codeSigningCert;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        ca = TestCertificates.newAuthority(dir.resolve("pki"));
        TestCertificates.Issued server = ca.issue("server", "mail.contoso.test");
        relayCert = ca.issue("relay", "relay.contoso.test");
        partnerCert = ca.issue("partner", "mail.cert-partner.test");
        wrongCert = TestCertificates.newAuthority(dir.resolve("other-pki")).issue("stranger", "relay.contoso.test");
        serverAuthOnlyCert = ca.issue("server-auth-only", "relay.contoso.test", KeyPurposeId.id_kp_serverAuth);
        codeSigningCert = ca.issue("code-signing", "relay.contoso.test", KeyPurposeId.id_kp_codeSigning);
        gateway = TestGateway.start(dir.resolve("gw"), "  tls:\n    certificateFile: " + server.certificateFile()
                + "\n    privateKeyFile: " + server.keyFile() + "\n", """
                acceptedDomains:
                  - {domainName: contoso.test, domainType: Authoritative}
                  - {domainName: fabrikam.test, domainType: InternalRelay}
                mailboxes:
                  - primarySmtpAddress: alice@contoso.test
                inboundConnectors:
                  - name: On-premises by IP
                    connectorType: OnPremises
                    senderIPAddresses: [127.0.0.2/32]
                  - name: On-premises by certificate
                    connectorType: OnPremises
                    requireTls: true
                    tlsSenderCertificateName: '*.contoso.test'
                  - name: On-premises by IP requiring TLS
                    connectorType: OnPremises
                    requireTls: true
                    senderIPAddresses: [127.0.0.4/32]
                  - name: Partner TLS
                    connectorType: Partner
                    senderDomains: [tls-partner.test]
                    requireTls: true
                  - name: Partner IP
                    connectorType: Partner
                    senderDomains: ['*.ip-partner.test']
                    restrictDomainsToIPAddresses: true
                    senderIPAddresses: [127.0.0.3/32, '::1/128']
                  - name: Partner certificate
                    connectorType: Partner
                    senderDomains: [cert-partner.test]
                    requireTls: true
                    restrictDomainsToCertificate: true
                    tlsSenderCertificateName: mail.cert-partner.test
                outboundConnectors:
                  - name: Unreachable
                    connectorType: Partner
                    recipientDomains: ['*']
                    useMxRecord: false
                    smartHosts: [127.0.0.1:1]
                transport:
                  trustedCaFile: %s
                """.formatted(ca.caFile()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    /** A session from {@code from}, optionally over TLS with a client certificate; returns the replies to MAIL and RCPT. */
    private static List<String> transaction(String from, boolean tls, TestCertificates.Issued cert, String sender,
            String recipient) throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connectFrom(from, "127.0.0.1", gateway.smtpPort())) {
            c.reply();
            c.command("EHLO client.example");
            if (tls) {
                assertThat(c.command("STARTTLS")).startsWith("220");
                c.startTls(ca.clientContext(cert), "mail.contoso.test");
                c.command("EHLO client.example");
            }
            List<String> replies = new ArrayList<>();
            String mail = c.command("MAIL FROM:<" + sender + ">");
            replies.add(mail);
            replies.add(mail.startsWith("250") ? c.command("RCPT TO:<" + recipient + ">") : "-");
            return replies;
        }
    }

    @Test
    void onPremisesByIpShouldRelayMailFromAnAcceptedDomainButNotFromAForeignOne() throws Exception {
        assertThat(transaction("127.0.0.2", false, null, "app@contoso.test", "x@external.example")).element(1).asString()
                .startsWith("250");
        assertThat(transaction("127.0.0.2", false, null, "app@gmail.example", "x@external.example")).element(1).asString()
                .startsWith("550 5.7.64");
        assertThat(transaction("127.0.0.2", false, null, "", "x@external.example")).as("an on-premises NDR may relay")
                .element(1).asString().startsWith("250");
    }

    @Test
    void onPremisesRequiringTlsShouldRefuseItsSessionsInPlainTextAtMailAndRelayOverStartTls() throws Exception {
        assertThat(transaction("127.0.0.4", false, null, "app@contoso.test", "x@external.example").getFirst())
                .isEqualTo("530 5.7.0 Must issue a STARTTLS command first");
        assertThat(transaction("127.0.0.4", false, null, "", "x@external.example").getFirst()).as("the null sender too")
                .isEqualTo("530 5.7.0 Must issue a STARTTLS command first");
        assertThat(transaction("127.0.0.4", false, null, "app@contoso.test", "alice@contoso.test").getFirst())
                .as("not even to an accepted domain: the session is the connector's, not the internet's").startsWith("530 5.7.0");
        assertThat(transaction("127.0.0.4", true, null, "app@contoso.test", "x@external.example"))
                .as("the same client over STARTTLS keeps the connector and its relay right").containsExactly("250 2.1.0 Sender OK",
                        "250 2.1.5 Recipient OK");
        assertThat(transaction("127.0.0.1", true, relayCert, "app@gmail.example", "x@external.example"))
                .as("attributed by certificate: always over TLS").element(1).asString().startsWith("250");
    }

    @Test
    void onPremisesByCertificateShouldRelayForAnyDomainWithTheCertificatesDomainAccepted() throws Exception {
        assertThat(transaction("127.0.0.1", true, relayCert, "app@gmail.example", "x@external.example")).element(1).asString()
                .startsWith("250");
        assertThat(transaction("127.0.0.1", true, null, "app@gmail.example", "x@external.example")).as("no certificate")
                .element(1).asString().startsWith("550 5.7.64");
        assertThat(transaction("127.0.0.1", true, wrongCert, "app@contoso.test", "x@external.example"))
                .as("a certificate from an untrusted CA attributes nothing").element(1).asString().startsWith("550 5.7.64");
    }

    @Test
    void aTrustedServerCertificateWithoutTheClientAuthEkuShouldAttributeTheSessionButOtherPurposesShouldNot() throws Exception {
        // What Exchange servers present once public CAs issue serverAuth-only certificates (docs/DECISIONS.md).
        assertThat(transaction("127.0.0.1", true, serverAuthOnlyCert, "app@gmail.example", "x@external.example"))
                .element(1).asString().startsWith("250");
        assertThat(transaction("127.0.0.1", true, codeSigningCert, "app@gmail.example", "x@external.example"))
                .as("a code-signing certificate is no TLS identity").element(1).asString().startsWith("550 5.7.64");
        assertThat(transaction("127.0.0.1", true, wrongCert, "app@gmail.example", "x@external.example"))
                .as("an untrusted chain still attributes nothing").element(1).asString().startsWith("550 5.7.64");
    }

    @Test
    void swaksWithAClientCertificateShouldRelayAndWithoutItShouldNot() throws Exception {
        String swaks = Processes.tool("swaks");
        Processes.Result with = Processes.run(60, swaks, "--server", "127.0.0.1:" + gateway.smtpPort(), "--tls",
                "--tls-cert", relayCert.certificateFile().toString(), "--tls-key", relayCert.keyFile().toString(),
                "--from", "app@gmail.example", "--to", "someone@external.example");
        assertThat(with.output()).contains("<~  250 2.1.5 Recipient OK").contains("<~  250 2.0.0 OK: queued as");
        Processes.Result without = Processes.run(60, swaks, "--server", "127.0.0.1:" + gateway.smtpPort(), "--tls",
                "--from", "app@gmail.example", "--to", "someone@external.example");
        assertThat(without.output()).contains("<~* 550 5.7.64 TenantAttribution; Relay Access Denied");
        gateway.gateway().store().flush();
        var traced = gateway.gateway().store().trace(new TraceQuery("someone@external.example", null, null, null, 1));
        assertThat(traced.getFirst().events().getFirst().detail()).contains("\"inboundConnector\":\"On-premises by certificate\"");
    }

    @Test
    void partnerRequiringTlsShouldRefuseItsDomainInPlainTextAndAcceptItOverTls() throws Exception {
        assertThat(transaction("127.0.0.1", false, null, "a@tls-partner.test", "alice@contoso.test").getFirst())
                .isEqualTo("530 5.7.0 Must issue a STARTTLS command first");
        assertThat(transaction("127.0.0.1", true, null, "a@tls-partner.test", "alice@contoso.test")).element(1).asString()
                .startsWith("250");
        assertThat(transaction("127.0.0.1", false, null, "a@other-sender.test", "alice@contoso.test"))
                .as("other sender domains are not restricted").element(1).asString().startsWith("250");
    }

    @Test
    void partnerRestrictedToIpsShouldRefuseItsDomainFromElsewhereAndAcceptItFromTheirIps() throws Exception {
        assertThat(transaction("127.0.0.1", false, null, "a@mail.ip-partner.test", "alice@contoso.test").getFirst())
                .isEqualTo("550 5.7.51 TenantInboundAttribution; Rejecting");
        assertThat(transaction("127.0.0.3", false, null, "a@mail.ip-partner.test", "alice@contoso.test")).element(1).asString()
                .startsWith("250");
        assertThat(transaction("127.0.0.3", false, null, "a@ip-partner.test", "x@external.example"))
                .as("a Partner connector never grants relay").element(1).asString().startsWith("550 5.7.64");
    }

    @Test
    void partnerRestrictedToACertificateShouldAcceptOnlyThatCertificate() throws Exception {
        assertThat(transaction("127.0.0.1", true, null, "a@cert-partner.test", "alice@contoso.test").getFirst())
                .startsWith("550 5.7.51");
        assertThat(transaction("127.0.0.1", true, relayCert, "a@cert-partner.test", "alice@contoso.test").getFirst())
                .as("a trusted certificate with another name").startsWith("550 5.7.51");
        assertThat(transaction("127.0.0.1", true, partnerCert, "a@cert-partner.test", "alice@contoso.test")).element(1).asString()
                .startsWith("250");
    }
}
