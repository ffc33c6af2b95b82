package io.mailflow.receive;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.config.ConfigLoader;
import io.mailflow.config.ConfigSnapshot;
import io.mailflow.model.EmailAddress;
import io.mailflow.smtp.SmtpReplies;
import io.mailflow.tls.ClientCertificate;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The MAIL decision for OnPremises connectors with requireTls, as a table: client, TLS, STARTTLS offered -> outcome. */
class InboundPolicyTest {

    private static final ConfigSnapshot CONFIG = load();

    private static ConfigSnapshot load() {
        try {
            return ConfigSnapshot.of(ConfigLoader.parse("test", """
                    acceptedDomains:
                      - {domainName: contoso.test}
                    inboundConnectors:
                      - {name: Hybrid, connectorType: OnPremises, requireTls: true, tlsSenderCertificateName: mail.contoso.test}
                      - {name: Apps by IP, connectorType: OnPremises, requireTls: true, senderIPAddresses: [10.0.0.0/24]}
                      - {name: Printers by IP, connectorType: OnPremises, senderIPAddresses: [10.0.1.0/24]}
                    """), null, 1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0} tls={1} cert={2} startTlsOffered={3} -> {4}")
    @CsvSource(delimiter = '|', textBlock = """
            10.0.0.5 | false | -                 | true  | 530 5.7.0
            10.0.0.5 | false | -                 | false | 550 5.7.51
            10.0.0.5 | true  | -                 | true  | RELAY
            10.0.0.5 | true  | mail.contoso.test | true  | RELAY
            10.0.1.5 | false | -                 | true  | RELAY
            192.0.2.1| false | -                 | true  | NO RELAY
            """)
    void onPremisesRequireTlsShouldRefusePlainTextAtMailAndAllowTls(String client, boolean tls, String cert, boolean offered,
            String expected) throws Exception {
        InetAddress ip = InetAddress.getByName(client);
        ClientCertificate c = cert.equals("-") ? null : new ClientCertificate(List.of(cert), true, null);
        var facts = new InboundPolicy.Facts(ip, tls, offered, Attribution.of(CONFIG, ip, c), null);
        String actual = switch (InboundPolicy.onMail(EmailAddress.parse("app@contoso.test"), facts, CONFIG)) {
            case InboundPolicy.Decision.Refuse r -> r.reply().code() + " " + r.reply().enhancedCode();
            case InboundPolicy.Decision.Allow a -> a.relay().allowed() ? "RELAY" : "NO RELAY";
        };
        assertThat(actual).isEqualTo(expected);
    }

    @ParameterizedTest(name = "null sender from {0}")
    @CsvSource({"10.0.0.5, true", "10.0.1.5, false"})
    void nullSenderShouldBeRefusedInPlainTextOnlyWhereTheConnectorRequiresTls(String client, boolean refused) throws Exception {
        InetAddress ip = InetAddress.getByName(client);
        var facts = new InboundPolicy.Facts(ip, false, true, Attribution.of(CONFIG, ip, null), null);
        InboundPolicy.Decision d = InboundPolicy.onMail(null, facts, CONFIG);
        assertThat(d instanceof InboundPolicy.Decision.Refuse r && r.reply() == SmtpReplies.MUST_STARTTLS).isEqualTo(refused);
    }
}
