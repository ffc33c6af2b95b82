package io.mailflow.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailflow.testing.GatewayProcess;
import io.mailflow.testing.Processes;
import io.mailflow.testing.SmtpTestClient;
import io.mailflow.testing.TestCertificates;
import io.mailflow.testing.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reload by CLI and by SIGHUP: atomic for new sessions, open sessions undisturbed, bad files refused with file:line:field. */
class ReloadIT {

    @TempDir
    Path dir;

    private static String rcpt(SmtpTestClient c, String address) throws Exception {
        c.command("RSET");
        c.command("MAIL FROM:<sender@example.com>");
        return c.command("RCPT TO:<" + address + ">");
    }

    private static SmtpTestClient session(int port) throws Exception {
        SmtpTestClient c = SmtpTestClient.connect("127.0.0.1", port);
        c.reply();
        c.command("EHLO client.example");
        return c;
    }

    @Test
    void reloadShouldApplyAGoodFileToNewSessionsAndRefuseABadOne() throws Exception {
        int port = GatewayProcess.freePort();
        Path config = TestGateway.writeConfig(dir, port, "", TestGateway.DIRECTORY).toAbsolutePath();
        try (GatewayProcess gw = GatewayProcess.start(config, port); SmtpTestClient before = session(port)) {
            assertThat(rcpt(before, "carol@contoso.test")).startsWith("550 5.4.1");

            String bob = "  - primarySmtpAddress: bob@contoso.test\n";
            Files.writeString(config, Files.readString(config).replace(bob, bob + "  - primarySmtpAddress: carol@contoso.test\n"));
            Processes.Result ok = GatewayProcess.cli("reload", "--config", config.toString());
            assertThat(ok.exitCode()).as(ok.output()).isZero();
            assertThat(ok.output()).contains("reloaded");

            assertThat(rcpt(before, "carol@contoso.test")).as("the open session keeps its configuration").startsWith("550 5.4.1");
            try (SmtpTestClient after = session(port)) {
                assertThat(rcpt(after, "carol@contoso.test")).startsWith("250");
            }

            String good = Files.readString(config);
            Files.writeString(config, good.replace("domainType: InternalRelay", "domainType: Internal"));
            Processes.Result bad = GatewayProcess.cli("reload", "--config", config.toString());
            assertThat(bad.exitCode()).isEqualTo(1);
            int line = lineOf(Files.readString(config), "domainType: Internal\n");
            assertThat(bad.output()).contains(config + ":" + line + ": acceptedDomains[1].domainType: 'Internal' is not one of Authoritative, InternalRelay");
            try (SmtpTestClient after = session(port)) {
                assertThat(rcpt(after, "carol@contoso.test")).as("last good configuration in force").startsWith("250");
                assertThat(rcpt(after, "x@fabrikam.test")).startsWith("250");
            }

            Files.writeString(config, good.replace(bob, bob + "  - primarySmtpAddress: dave@contoso.test\n"));
            gw.signal("HUP");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                try (SmtpTestClient after = session(port)) {
                    assertThat(rcpt(after, "dave@contoso.test")).as("after SIGHUP; gateway log:\n%s", gw.log()).startsWith("250");
                }
            });
            assertThat(rcpt(before, "alice@contoso.test")).as("the first session is still open and working").startsWith("250");
        }
    }

    @Test
    void aGatewayStartedUnderNohupShouldSaySighupWillNotReloadAndTheCliStillShould() throws Exception {
        int port = GatewayProcess.freePort();
        Path config = TestGateway.writeConfig(dir, port, "", TestGateway.DIRECTORY).toAbsolutePath();
        try (GatewayProcess gw = GatewayProcess.start(config, port, true)) {
            assertThat(gw.log()).contains("SIGHUP was ignored when the gateway started").contains("mailflow reload");
            String bob = "  - primarySmtpAddress: bob@contoso.test\n";
            Files.writeString(config, Files.readString(config).replace(bob, bob + "  - primarySmtpAddress: carol@contoso.test\n"));
            gw.signal("HUP");
            Processes.Result ok = GatewayProcess.cli("reload", "--config", config.toString());
            assertThat(ok.exitCode()).as(ok.output()).isZero();
            try (SmtpTestClient after = session(port)) {
                assertThat(rcpt(after, "carol@contoso.test")).as("still running, and reloaded by the CLI").startsWith("250");
            }
        }
    }

    @Test
    void reloadWithoutARunningGatewayShouldSaySo() throws Exception {
        Path config = TestGateway.writeConfig(dir, 0, "", TestGateway.DIRECTORY).toAbsolutePath();
        Processes.Result r = GatewayProcess.cli("reload", "--config", config.toString());
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.output()).contains("no running gateway uses " + config);
    }

    static int lineOf(String text, String needle) {
        int at = text.indexOf(needle);
        return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }

    @Test
    void aCertificateRenewedInPlaceShouldBeServedAfterMailflowReloadAndABadRenewalRefusedOnSighup() throws Exception {
        int port = GatewayProcess.freePort();
        TestCertificates ca = TestCertificates.newAuthority(dir.resolve("pki"));
        TestCertificates.Issued served = ca.issue("mail", "mail.contoso.test");
        Path config = TestGateway.writeConfig(dir, port, "  tls:\n    certificateFile: " + served.certificateFile()
                + "\n    privateKeyFile: " + served.keyFile() + "\n", TestGateway.DIRECTORY).toAbsolutePath();
        try (GatewayProcess gw = GatewayProcess.start(config, port)) {
            TestCertificates.Issued renewed = ca.issue("renewed", "mail.contoso.test");
            Files.copy(renewed.certificateFile(), served.certificateFile(), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(renewed.keyFile(), served.keyFile(), StandardCopyOption.REPLACE_EXISTING);
            Processes.Result ok = GatewayProcess.cli("reload", "--config", config.toString());
            assertThat(ok.exitCode()).as(ok.output()).isZero();
            assertThat(SmtpTestClient.serverCertificate(port, ca.clientContext(), "mail.contoso.test").getSerialNumber())
                    .isEqualTo(renewed.certificate().getSerialNumber());

            Files.copy(ca.issue("broken", "mail.contoso.test").certificateFile(), served.certificateFile(),
                    StandardCopyOption.REPLACE_EXISTING); // its key never arrives
            gw.signal("HUP");
            await().atMost(Duration.ofSeconds(10)).until(() -> gw.log().contains("the new TLS certificate was refused"));
            assertThat(gw.log()).contains("the private key in " + served.keyFile() + " does not match the certificate in "
                    + served.certificateFile());
            assertThat(SmtpTestClient.serverCertificate(port, ca.clientContext(), "mail.contoso.test").getSerialNumber())
                    .as("the renewed certificate stays in use").isEqualTo(renewed.certificate().getSerialNumber());
        }
    }
}
