package io.mailflow.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.testing.TestCertificates;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which client certificates may attribute a session: a trusted chain, and a purpose that is a TLS identity. */
class ClientCertificateTest {

    @TempDir
    static Path dir;
    static TestCertificates ca;
    static TrustedCas trust;

    @BeforeAll
    static void authority() throws Exception {
        ca = TestCertificates.newAuthority(dir.resolve("pki"));
        trust = TrustedCas.jdkPlus(ca.caFile());
    }

    private static ClientCertificate presented(TestCertificates.Issued cert) {
        return ClientCertificate.of(new X509Certificate[] {cert.certificate(), ca.ca()}, trust);
    }

    @Test
    void aServerCertificateWithOnlyTheServerAuthEkuShouldBeTrusted() throws Exception {
        ClientCertificate c = presented(ca.issue("server-only", "mail.contoso.test", KeyPurposeId.id_kp_serverAuth));
        assertThat(c.problem()).isNull();
        assertThat(c.matches("*.contoso.test")).isTrue();
    }

    @Test
    void clientAuthAnyPurposeOrNoEkuAtAllShouldBeTrusted() throws Exception {
        assertThat(presented(ca.issue("client", "a.contoso.test", KeyPurposeId.id_kp_clientAuth)).trusted()).isTrue();
        assertThat(presented(ca.issue("both", "b.contoso.test", KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth))
                .trusted()).isTrue();
        assertThat(presented(ca.issue("any", "c.contoso.test", KeyPurposeId.anyExtendedKeyUsage)).trusted()).isTrue();
        assertThat(presented(ca.issue("none", "d.contoso.test")).trusted()).as("no EKU extension: any purpose").isTrue();
    }

    @Test
    void aCertificateForOtherPurposesShouldNotBeTrustedAndSayWhy() throws Exception {
        ClientCertificate signing = presented(ca.issue("signing", "mail.contoso.test", KeyPurposeId.id_kp_codeSigning));
        assertThat(signing.trusted()).isFalse();
        assertThat(signing.matches("mail.contoso.test")).isFalse();
        assertThat(signing.problem()).isEqualTo("its extended key usage [codeSigning] allows neither TLS client nor TLS"
                + " server authentication");
        assertThat(presented(ca.issue("mail", "mail.contoso.test", KeyPurposeId.id_kp_emailProtection)).trusted()).isFalse();
    }

    @Test
    void aChainToAnUntrustedCaShouldNotBeTrustedWhateverItsPurpose() throws Exception {
        TestCertificates stranger = TestCertificates.newAuthority(dir.resolve("other-pki"));
        TestCertificates.Issued cert = stranger.issue("stranger", "mail.contoso.test", KeyPurposeId.id_kp_serverAuth);
        ClientCertificate c = ClientCertificate.of(new X509Certificate[] {cert.certificate(), stranger.ca()}, trust);
        assertThat(c.trusted()).isFalse();
        assertThat(c.problem()).startsWith("no valid chain to the JDK's CAs plus " + ca.caFile() + " (1 certificate)");
    }

    @Test
    void anExpiredCertificateShouldNotBeTrusted() throws Exception {
        java.time.Instant past = java.time.Instant.now().minus(java.time.Duration.ofDays(30));
        ClientCertificate c = presented(ca.issue("expired", "mail.contoso.test", past.minus(java.time.Duration.ofDays(60)), past));
        assertThat(c.trusted()).isFalse();
        assertThat(c.problem()).startsWith("no valid chain");
    }
}
