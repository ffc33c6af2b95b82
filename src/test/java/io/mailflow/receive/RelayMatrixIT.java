package io.mailflow.receive;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.testing.SmtpTestClient;
import io.mailflow.testing.TestCertificates;
import io.mailflow.testing.TestGateway;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Who may send where: every kind of client against every kind of destination, through the real
 * server. The expected column is what an administrator expects of a gateway that is never an open
 * relay: anyone may send to the organization's own recipients, only on-premises servers and
 * authenticated users may send elsewhere, and a non-delivery report (null sender) may leave only
 * from where mail may leave.
 */
class RelayMatrixIT {

    @TempDir
    static Path dir;
    static TestCertificates ca;
    static TestCertificates.Issued relayCert;
    static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        ca = TestCertificates.newAuthority(dir.resolve("pki"));
        TestCertificates.Issued server = ca.issue("server", "mail.contoso.test");
        relayCert = ca.issue("relay", "relay.contoso.test");
        gateway = TestGateway.startYaml(dir.resolve("gw"), TestGateway.serverWithSubmission(server) + """
                acceptedDomains:
                  - {domainName: contoso.test}
                mailboxes:
                  - {primarySmtpAddress: alice@contoso.test, password: '%s'}
                inboundConnectors:
                  - {name: On-premises by IP, connectorType: OnPremises, senderIPAddresses: [127.0.0.2/32]}
                  - {name: On-premises by certificate, connectorType: OnPremises, tlsSenderCertificateName: relay.contoso.test}
                  - {name: Partner, connectorType: Partner, senderDomains: [partner.test], senderIPAddresses: [127.0.0.3/32],
                     restrictDomainsToIPAddresses: true}
                outboundConnectors:
                  - {name: Unreachable, connectorType: Partner, recipientDomains: ['*'], useMxRecord: false,
                     smartHosts: ['127.0.0.1:1']}
                transport:
                  trustedCaFile: '%s'
                """.formatted(Passwords.hash("alice-secret".toCharArray()), ca.caFile()));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    /**
     * One session of the given kind of client: the reply to RCPT, or to MAIL when MAIL is refused.
     *
     * @param client none | partner | onprem-ip | onprem-cert | authenticated
     * @param sender the MAIL FROM address ("" = the null sender)
     */
    private static String attempt(String client, String sender, String recipient) throws Exception {
        boolean submission = client.equals("authenticated");
        String from = switch (client) {
            case "onprem-ip" -> "127.0.0.2";
            case "partner" -> "127.0.0.3";
            default -> "127.0.0.1";
        };
        int port = submission ? gateway.port("Client Submission") : gateway.smtpPort();
        try (SmtpTestClient c = SmtpTestClient.connectFrom(from, "127.0.0.1", port)) {
            c.reply();
            c.command("EHLO client.example");
            if (client.equals("onprem-cert") || submission) {
                assertThat(c.command("STARTTLS")).startsWith("220");
                c.startTls(ca.clientContext(client.equals("onprem-cert") ? relayCert : null), "mail.contoso.test");
                c.command("EHLO client.example");
            }
            if (submission) {
                String plain = Base64.getEncoder().encodeToString("\0alice@contoso.test\0alice-secret".getBytes());
                assertThat(c.command("AUTH PLAIN " + plain)).startsWith("235");
            }
            String mail = c.command("MAIL FROM:<" + sender + ">");
            return mail.startsWith("250") ? c.command("RCPT TO:<" + recipient + ">") : mail;
        }
    }

    @ParameterizedTest(name = "{0} from <{1}> to {2}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            none          | someone@sender.example | alice@contoso.test  | 250 2.1.5
            none          | someone@sender.example | x@external.example  | 550 5.7.64 TenantAttribution; Relay Access Denied
            none          | ''                     | alice@contoso.test  | 250 2.1.5
            none          | ''                     | x@external.example  | 550 5.7.64
            partner       | a@partner.test         | alice@contoso.test  | 250 2.1.5
            partner       | a@partner.test         | x@external.example  | 550 5.7.64
            partner       | ''                     | alice@contoso.test  | 250 2.1.5
            partner       | ''                     | x@external.example  | 550 5.7.64
            onprem-ip     | app@contoso.test       | alice@contoso.test  | 250 2.1.5
            onprem-ip     | app@contoso.test       | x@external.example  | 250 2.1.5
            onprem-ip     | ''                     | alice@contoso.test  | 250 2.1.5
            onprem-ip     | ''                     | x@external.example  | 250 2.1.5
            onprem-cert   | app@gmail.example      | alice@contoso.test  | 250 2.1.5
            onprem-cert   | app@gmail.example      | x@external.example  | 250 2.1.5
            onprem-cert   | ''                     | alice@contoso.test  | 250 2.1.5
            onprem-cert   | ''                     | x@external.example  | 250 2.1.5
            authenticated | alice@contoso.test     | alice@contoso.test  | 250 2.1.5
            authenticated | alice@contoso.test     | x@external.example  | 250 2.1.5
            authenticated | ''                     | alice@contoso.test  | 550 5.7.60
            authenticated | ''                     | x@external.example  | 550 5.7.60
            """)
    void eachKindOfClientShouldReachExactlyWhatItMay(String client, String sender, String recipient, String expected)
            throws Exception {
        assertThat(attempt(client, sender, recipient)).startsWith(expected);
    }

    @ParameterizedTest(name = "partner domain from {0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.3 | 250 2.1.5
            127.0.0.1 | 550 5.7.51 TenantInboundAttribution; Rejecting
            127.0.0.2 | 550 5.7.51 TenantInboundAttribution; Rejecting
            """)
    void thePartnersDomainShouldOnlyComeFromThePartnersAddresses(String from, String expected) throws Exception {
        try (SmtpTestClient c = SmtpTestClient.connectFrom(from, "127.0.0.1", gateway.smtpPort())) {
            c.reply();
            c.command("EHLO client.example");
            String mail = c.command("MAIL FROM:<a@partner.test>");
            assertThat(mail.startsWith("250") ? c.command("RCPT TO:<alice@contoso.test>") : mail).startsWith(expected);
        }
    }
}
