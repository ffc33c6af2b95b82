package io.mailflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.testing.SmtpTestClient;
import io.mailflow.testing.TestCertificates;
import io.mailflow.testing.TestGateway;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A certificate renewed in place (new files written over the old paths, as certbot or acme.sh
 * do, modification times kept) is served after a reload, seen in a real STARTTLS handshake; a
 * renewal whose key does not match its certificate is refused and the old certificate stays.
 */
class CertificateRenewalIT {

    @TempDir
    Path dir;
    TestCertificates ca;
    TestCertificates.Issued served;
    TestGateway gateway;

    @BeforeEach
    void start() throws Exception {
        ca = TestCertificates.newAuthority(dir.resolve("pki"));
        served = ca.issue("mail", "mail.contoso.test");
        gateway = TestGateway.start(dir.resolve("gw"), "  tls:\n    certificateFile: " + served.certificateFile()
                + "\n    privateKeyFile: " + served.keyFile() + "\n", TestGateway.DIRECTORY);
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    /** The serial number of the certificate the gateway presents in a STARTTLS handshake now. */
    private BigInteger servedSerial() throws Exception {
        return SmtpTestClient.serverCertificate(gateway.smtpPort(), ca.clientContext(), "mail.contoso.test").getSerialNumber();
    }

    /** Writes {@code from} over {@code to} and puts the old modification time back, as some renewal tools do. */
    private static void overwriteKeepingTime(Path from, Path to) throws Exception {
        FileTime before = Files.getLastModifiedTime(to);
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(to, before);
    }

    @Test
    void aCertificateRenewedAtTheSamePathShouldBeServedAfterAReload() throws Exception {
        assertThat(servedSerial()).isEqualTo(served.certificate().getSerialNumber());
        TestCertificates.Issued renewed = ca.issue("renewed", "mail.contoso.test");
        overwriteKeepingTime(renewed.certificateFile(), served.certificateFile());
        overwriteKeepingTime(renewed.keyFile(), served.keyFile());
        assertThat(servedSerial()).as("nothing changes before the reload").isEqualTo(served.certificate().getSerialNumber());

        gateway.gateway().reload();

        assertThat(servedSerial()).isEqualTo(renewed.certificate().getSerialNumber());
    }

    @Test
    void aRenewalWhoseKeyDoesNotMatchItsCertificateShouldBeRefusedAndTheOldCertificateStay() throws Exception {
        TestCertificates.Issued renewed = ca.issue("renewed", "mail.contoso.test");
        overwriteKeepingTime(renewed.certificateFile(), served.certificateFile()); // the key is left as it was

        gateway.gateway().reload();

        assertThat(servedSerial()).as("the previous certificate and key stay in use")
                .isEqualTo(served.certificate().getSerialNumber());
        overwriteKeepingTime(renewed.keyFile(), served.keyFile());
        gateway.gateway().reload();
        assertThat(servedSerial()).as("once the key follows, the next reload takes both")
                .isEqualTo(renewed.certificate().getSerialNumber());
    }
}
