package io.mailflow.receive;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.config.ConfigLoader;
import io.mailflow.config.ConfigSnapshot;
import io.mailflow.model.EmailAddress;
import io.mailflow.smtp.CommandParser;
import io.mailflow.smtp.SmtpCommand;
import io.mailflow.testing.TestGateway;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The RCPT decision as a golden table: client (sending as app@contoso.test), recipient, expected reply (or ACCEPT). */
class RecipientAcceptanceTest {

    private static final ConfigSnapshot CONFIG = load();

    private static ConfigSnapshot load() {
        try {
            return ConfigSnapshot.of(ConfigLoader.parse("test", TestGateway.DIRECTORY), null, 1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.1 | <alice@contoso.test>                    | ACCEPT
            127.0.0.1 | <Alice.Smith@Contoso.Test>              | ACCEPT
            127.0.0.1 | <bob@contoso.test>                      | ACCEPT
            127.0.0.1 | <"alice"@contoso.test>                  | ACCEPT
            127.0.0.1 | <carol@contoso.test>                    | 550 5.4.1
            127.0.0.1 | <anyone@fabrikam.test>                  | ACCEPT
            127.0.0.1 | <anyone@sub.fabrikam.test>              | 550 5.7.64
            127.0.0.1 | <user@external.example>                 | 550 5.7.64
            127.0.0.1 | <user%external.example@fabrikam.test>   | 550 5.7.64
            127.0.0.1 | <external.example!user@fabrikam.test>   | 550 5.7.64
            127.0.0.1 | <"user@external.example"@fabrikam.test> | 550 5.7.64
            127.0.0.1 | <@fabrikam.test:user@fabrikam.test>     | 550 5.7.64
            127.0.0.1 | <user@[192.0.2.1]>                      | 550 5.7.64
            127.0.0.1 | <postmaster>                            | ACCEPT
            127.0.0.1 | <Postmaster@contoso.test>               | ACCEPT
            127.0.0.1 | <POSTMASTER@fabrikam.test>              | ACCEPT
            127.0.0.1 | <"postmaster"@contoso.test>             | ACCEPT
            127.0.0.1 | <postmaster@sub.fabrikam.test>          | 550 5.7.64
            127.0.0.1 | <postmaster@external.example>           | 550 5.7.64
            127.0.0.1 | <postmaster2@contoso.test>              | 550 5.4.1
            127.0.0.2 | <user@external.example>                 | ACCEPT
            127.0.0.2 | <user@[192.0.2.1]>                      | ACCEPT
            127.0.0.2 | <carol@contoso.test>                    | 550 5.4.1
            127.0.0.2 | <user%external.example@fabrikam.test>   | 550 5.7.64
            127.0.0.2 | <@relay.example:user@external.example>  | 550 5.7.64
            """)
    void recipientShouldBeDecidedAsTheTableSays(String client, String path, String expected) throws Exception {
        SmtpCommand.Rcpt rcpt = (SmtpCommand.Rcpt) ((CommandParser.Result.Ok) CommandParser.parse("RCPT TO:" + path)).command();
        InetAddress ip = InetAddress.getByName(client);
        var facts = new InboundPolicy.Facts(ip, false, true, Attribution.of(CONFIG, ip, null), null);
        RelayRight relay = InboundPolicy.relayRight(EmailAddress.parse("app@contoso.test"), facts, CONFIG);
        RecipientAcceptance.Decision d = RecipientAcceptance.decide(rcpt.path(), relay, CONFIG);
        String actual = d instanceof RecipientAcceptance.Decision.Reject r ? r.reply().code() + " " + r.reply().enhancedCode()
                : "ACCEPT";
        assertThat(actual).isEqualTo(expected);
    }

    private static RecipientAcceptance.Decision decide(String yaml, String path) throws Exception {
        ConfigSnapshot config = ConfigSnapshot.of(ConfigLoader.parse("test", yaml), null, 1);
        SmtpCommand.Rcpt rcpt = (SmtpCommand.Rcpt) ((CommandParser.Result.Ok) CommandParser.parse("RCPT TO:" + path)).command();
        return RecipientAcceptance.decide(rcpt.path(), RelayRight.NONE, config);
    }

    @Test
    void postmasterShouldGoToTheConfiguredRecipientUnlessADirectoryObjectHasTheAddress() throws Exception {
        String directory = """
                acceptedDomains:
                  - {domainName: contoso.test}
                mailboxes:
                  - {primarySmtpAddress: alice@contoso.test}
                  - {primarySmtpAddress: hostmaster@contoso.test}
                transport:
                  postmasterRecipient: hostmaster@contoso.test
                """;
        assertThat(decide(directory, "<PostMaster@contoso.test>")).isEqualTo(new RecipientAcceptance.Decision.Accept(
                EmailAddress.parse("PostMaster@contoso.test"), "PostMaster@contoso.test is the postmaster of accepted domain"
                        + " contoso.test (RFC 5321 §4.5.1); it goes to hostmaster@contoso.test (transport.postmasterRecipient)"));
        String owned = directory.replace("{primarySmtpAddress: alice@contoso.test}",
                "{primarySmtpAddress: alice@contoso.test, emailAddresses: [postmaster@contoso.test]}");
        assertThat(decide(owned, "<postmaster@contoso.test>")).extracting(d -> ((RecipientAcceptance.Decision.Accept) d).reason())
                .isEqualTo("postmaster@contoso.test is mailbox alice@contoso.test");
        assertThat(decide("acceptedDomains: [{domainName: contoso.test}]\n", "<postmaster@contoso.test>"))
                .as("no mailbox and no postmasterRecipient: nowhere to deliver it").isInstanceOf(RecipientAcceptance.Decision.Reject.class);
    }
}
