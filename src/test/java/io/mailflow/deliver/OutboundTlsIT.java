package io.mailflow.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailflow.admin.demo.SimulatedSmtpServer;
import io.mailflow.store.TraceQuery;
import io.mailflow.store.TraceRecord;
import io.mailflow.testing.SmtpTestClient;
import io.mailflow.testing.TestCertificates;
import io.mailflow.testing.TestGateway;
import io.mailflow.tls.ServerTlsContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outbound TLS with real handshakes against certificates from a test CA (valid, wrong name,
 * expired, self-signed): opportunistic with plain-text fallback (S14), and required TLS at the
 * three validation levels, which never sends plain text (S4).
 */
class OutboundTlsIT {

    @TempDir
    Path dir;
    TestCertificates ca;
    TestGateway gateway;
    SimulatedSmtpServer host;

    @BeforeEach
    void authority() throws Exception {
        ca = TestCertificates.newAuthority(dir.resolve("pki"));
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (host != null) {
            host.close();
        }
    }

    private SSLContext serverTls(TestCertificates.Issued cert) throws Exception {
        return ServerTlsContext.fromPem(cert.certificateFile(), cert.keyFile()).context();
    }

    private void start(SSLContext serverTls, String tlsLines) throws Exception {
        start(serverTls, tlsLines, "4s");
    }

    private void start(SSLContext serverTls, String tlsLines, String messageExpiration) throws Exception {
        host = new SimulatedSmtpServer("mail.fabrikam.test", 0, serverTls);
        gateway = TestGateway.start(dir.resolve("gw"), "", TestGateway.DIRECTORY + """
                outboundConnectors:
                  - name: To Fabrikam on-premises
                    connectorType: OnPremises
                    recipientDomains: [fabrikam.test]
                    useMxRecord: false
                    smartHosts: [127.0.0.1:%d]
                %s
                transport:
                  retryIntervals: [1s]
                  messageExpiration: %s
                  delayNotification: 0s
                  trustedCaFile: %s
                """.formatted(host.port(), tlsLines, messageExpiration, ca.caFile()));
    }

    private void send(String marker) throws Exception {
        try (SmtpTestClient c = gateway.connect()) {
            c.reply();
            assertThat(c.sendMail("alice@contoso.test", List.of("bob@fabrikam.test"), "Subject: " + marker + "\r\n\r\n" + marker + "\r\n"))
                    .startsWith("250");
        }
    }

    private List<TraceRecord> events() throws Exception {
        gateway.gateway().store().flush();
        return gateway.gateway().store().trace(new TraceQuery("bob@fabrikam.test", null, null, null, 1)).getFirst().events();
    }

    private void expectDelivered(String tlsProtocol) throws Exception {
        expectDelivered(tlsProtocol, tlsProtocol == null ? "\"tls\":\"none\"" : "\"tls\":\"" + tlsProtocol + " TLS_");
    }

    /** Delivered once, with this TLS protocol (null = plain text) and this text in the SEND event. */
    private void expectDelivered(String tlsProtocol, String sendDetail) throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> host.received().size() == 1);
        assertThat(host.received().getFirst().tls()).isEqualTo(tlsProtocol);
        await().until(() -> events().stream().anyMatch(e -> e.event().equals("SEND")));
        assertThat(events()).filteredOn(e -> e.event().equals("SEND")).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains(sendDetail));
    }

    private void expectDeferredWith(String code) throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> events().stream().anyMatch(e -> e.event().equals("DEFER")));
        assertThat(events()).filteredOn(e -> e.event().equals("DEFER")).first().satisfies(e -> assertThat(e.detail()).contains(code));
        assertThat(host.received()).as("never plain text, never to an unverified host").isEmpty();
    }

    @Test
    void S14_opportunisticTlsShouldEncryptWhenOffered() throws Exception {
        start(serverTls(ca.issue("selfsigned", "other.name")), "");
        send("opportunistic");
        expectDelivered("TLSv1.3");
    }

    @Test
    void S14_opportunisticTlsShouldFallBackToPlainTextOnlyAfterAFailedHandshake() throws Exception {
        start(serverTls(ca.issue("server", "mail.fabrikam.test")), "");
        host.brokenTls(true);
        send("fallback");
        expectDelivered(null, "\"tls\":\"none (STARTTLS handshake failed: ");
    }

    @Test
    void opportunisticTlsShouldGoOnInPlainTextWhenStartTlsIsRefusedAndSaySoInTheTrace() throws Exception {
        start(serverTls(ca.issue("server", "mail.fabrikam.test")), "");
        host.refuseStartTls("454 4.7.0 TLS not available due to temporary reason");
        send("refused-opportunistic");
        expectDelivered(null, "\"tls\":\"none (refused STARTTLS: 454 4.7.0 TLS not available due to temporary reason)\"");
    }

    @Test
    void requiredTlsShouldDeferWithTheRefusalWhenStartTlsIsAnsweredWith454AndNeverSendPlainText() throws Exception {
        start(serverTls(ca.issue("server", "mail.fabrikam.test")), "    tlsSettings: EncryptionOnly\n");
        host.refuseStartTls("454 4.7.0 TLS not available due to temporary reason");
        send("refused-required");
        expectDeferredWith("450 4.4.317 Cannot connect to remote server: TLS is required but the server refused STARTTLS:"
                + " 454 4.7.0 TLS not available due to temporary reason");
        assertThat(events()).filteredOn(e -> e.event().equals("DEFER")).allSatisfy(e -> assertThat(e.detail())
                .doesNotContain("did not offer"));
    }

    @Test
    void requiredTlsWithoutStartTlsShouldDeferWith4_4_317AndExpireIntoAnNdr() throws Exception {
        start(null, "    tlsSettings: EncryptionOnly\n");
        send("no-starttls");
        expectDeferredWith("450 4.4.317");
        Path inbox = gateway.gateway().delivery().maildirOf("alice@contoso.test").resolve("new");
        await().atMost(Duration.ofSeconds(15)).until(() -> Files.isDirectory(inbox) && Files.list(inbox).findAny().isPresent());
        String ndr = Files.readString(Files.list(inbox).findFirst().orElseThrow(), StandardCharsets.UTF_8);
        assertThat(ndr).contains("Status: 5.4.7").contains("550 4.4.7 QUEUE.Expired; message expired").contains("4.4.317");
        assertThat(host.received()).isEmpty();
    }

    @Test
    void encryptionOnlyShouldAcceptASelfSignedCertificate() throws Exception {
        TestCertificates strangers = TestCertificates.newAuthority(dir.resolve("other-pki"));
        start(serverTls(strangers.issue("selfsigned", "whoever")), "    tlsSettings: EncryptionOnly\n");
        send("encryption-only");
        expectDelivered("TLSv1.3");
    }

    @Test
    void certificateValidationShouldAcceptAChainToATrustedCa() throws Exception {
        start(serverTls(ca.issue("server", "mail.fabrikam.test")), "    tlsSettings: CertificateValidation\n");
        send("valid-chain");
        expectDelivered("TLSv1.3");
    }

    @Test
    void certificateValidationShouldRefuseAnUntrustedCertificateWith4_7_320() throws Exception {
        TestCertificates strangers = TestCertificates.newAuthority(dir.resolve("other-pki"));
        start(serverTls(strangers.issue("selfsigned", "mail.fabrikam.test")), "    tlsSettings: CertificateValidation\n");
        send("untrusted");
        expectDeferredWith("450 4.7.320");
        assertThat(events()).filteredOn(e -> e.event().equals("DEFER")).first().satisfies(e -> assertThat(e.detail())
                .contains("PKIX path validation failed")
                .contains("; checked against the JDK's CAs plus " + ca.caFile() + " (1 certificate)"));
    }

    @Test
    void certificateValidationShouldRefuseAnExpiredCertificateWith4_7_320() throws Exception {
        Instant past = Instant.now().minus(Duration.ofDays(30));
        start(serverTls(ca.issue("expired", "mail.fabrikam.test", past.minus(Duration.ofDays(60)), past)),
                "    tlsSettings: CertificateValidation\n");
        send("expired");
        expectDeferredWith("450 4.7.320");
    }

    @Test
    void domainValidationShouldAcceptTheNamedDomainAndRefuseAnyOther() throws Exception {
        start(serverTls(ca.issue("server", "mail.fabrikam.test")), "    tlsSettings: DomainValidation\n    tlsDomain: '*.fabrikam.test'\n");
        send("right-name");
        expectDelivered("TLSv1.3");
    }

    @Test
    void domainValidationShouldRefuseACertificateForAnotherNameWith4_7_320() throws Exception {
        start(serverTls(ca.issue("server", "mail.other.test")), "    tlsSettings: DomainValidation\n    tlsDomain: fabrikam.test\n");
        send("wrong-name");
        expectDeferredWith("450 4.7.320");
    }

    @Test
    void aConnectionVerifiedForOneDomainShouldNotBeReusedForAConnectorThatExpectsAnother() throws Exception {
        host = new SimulatedSmtpServer("mail.fabrikam.test", 0, serverTls(ca.issue("server", "mail.fabrikam.test")));
        String fabrikam = "  - domainName: fabrikam.test\n    domainType: InternalRelay\n";
        String directory = TestGateway.DIRECTORY.replace(fabrikam, fabrikam + "  - domainName: other.test\n    domainType: InternalRelay\n");
        gateway = TestGateway.start(dir.resolve("gw"), "", directory + """
                outboundConnectors:
                  - name: Fabrikam, verified
                    connectorType: OnPremises
                    recipientDomains: [fabrikam.test]
                    useMxRecord: false
                    smartHosts: [127.0.0.1:%d]
                    tlsSettings: DomainValidation
                    tlsDomain: '*.fabrikam.test'
                  - name: Other, verified
                    connectorType: OnPremises
                    recipientDomains: [other.test]
                    useMxRecord: false
                    smartHosts: [127.0.0.1:%d]
                    tlsSettings: DomainValidation
                    tlsDomain: other.test
                transport:
                  retryIntervals: [1h]
                  trustedCaFile: %s
                """.formatted(host.port(), host.port(), ca.caFile()));
        send("first");
        await().atMost(Duration.ofSeconds(10)).until(() -> host.received().size() == 1);
        try (SmtpTestClient c = gateway.connect()) {
            c.reply();
            assertThat(c.sendMail("alice@contoso.test", List.of("x@other.test"), "Subject: second\r\n\r\nsecond\r\n"))
                    .startsWith("250");
        }
        assertThat(gateway.awaitTrace("x@other.test", "DEFER")).filteredOn(e -> e.event().equals("DEFER")).first()
                .satisfies(e -> assertThat(e.detail()).contains("450 4.7.320"));
        assertThat(host.received()).as("the certificate names mail.fabrikam.test, not other.test").hasSize(1);
    }

    @Test
    void aTrustedCaFileUpdatedInPlaceShouldBeUsedAfterAReload() throws Exception {
        TestCertificates other = TestCertificates.newAuthority(dir.resolve("other-pki"));
        start(serverTls(other.issue("server", "mail.fabrikam.test")), "    tlsSettings: CertificateValidation\n", "1h");
        send("ca-updated");
        expectDeferredWith("450 4.7.320");
        Files.copy(other.caFile(), ca.caFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        gateway.gateway().reload();
        expectDelivered("TLSv1.3");
    }
}
