package io.mailflow.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailflow.model.EmailAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** transport.postmasterRecipient's checks, and the warnings a valid file gets, located by field and line. */
class ConfigWarningsTest {

    @TempDir
    Path dir;

    @Test
    void postmasterRecipientShouldBeADirectoryRecipientOrExternal() throws Exception {
        String directory = """
                acceptedDomains:
                  - {domainName: contoso.test}
                mailboxes:
                  - {primarySmtpAddress: alice@contoso.test}
                transport:
                """;
        for (String bad : new String[] {"nobody@contoso.test", "postmaster@contoso.test", "not an address"}) {
            Path file = dir.resolve("bad.yaml");
            Files.writeString(file, directory + "  postmasterRecipient: " + bad + "\n");
            assertThatThrownBy(() -> ConfigLoader.load(file, 1)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(
                    e.problems()).singleElement().satisfies(p -> assertThat(p.line() + " " + p.field()).as(bad)
                    .isEqualTo("6 transport.postmasterRecipient")));
        }
        for (String good : new String[] {"alice@contoso.test", "noc@provider.example"}) {
            Path file = dir.resolve("good.yaml");
            Files.writeString(file, directory + "  postmasterRecipient: " + good + "\n");
            ConfigSnapshot s = ConfigLoader.load(file, 1);
            assertThat(s.postmasterRecipient()).contains(EmailAddress.parse(good));
            assertThat(s.warnings()).as("set: nothing to warn about").isEmpty();
        }
    }

    @Test
    void postmasterFallbackShouldBeAWarningNotAnError() throws Exception {
        Path file = dir.resolve("fallback.yaml");
        Files.writeString(file, """
                acceptedDomains:
                  - {domainName: contoso.test}
                  - {domainName: fabrikam.test, domainType: InternalRelay}
                mailboxes:
                  - {primarySmtpAddress: alice@contoso.test}
                transport:
                  messageExpiration: 2d
                """);
        ConfigSnapshot s = ConfigLoader.load(file, 1);
        assertThat(s.postmasterRecipient()).contains(EmailAddress.parse("alice@contoso.test"));
        assertThat(s.warnings()).singleElement().satisfies(w -> assertThat(w.toString()).isEqualTo(file + ":6:"
                + " transport.postmasterRecipient: not set: mail to postmaster@contoso.test, postmaster@fabrikam.test goes to the first"
                + " mailbox, alice@contoso.test; set it to the address that reads postmaster mail"));
        Files.writeString(file, "acceptedDomains: [{domainName: contoso.test}]\n");
        assertThat(ConfigLoader.load(file, 1).warnings()).singleElement().satisfies(w -> assertThat(w.message()).isEqualTo(
                "not set and there is no mailbox: postmaster@contoso.test is refused (550 5.4.1) in Authoritative domains although"
                        + " RFC 5321 §4.5.1 requires it to be accepted, and replies to our NDRs bounce; set it to a directory"
                        + " recipient or an external address"));
        Files.writeString(file, """
                acceptedDomains: [{domainName: contoso.test}]
                mailboxes: [{primarySmtpAddress: alice@contoso.test, emailAddresses: [postmaster@contoso.test]}]
                """);
        assertThat(ConfigLoader.load(file, 1).warnings()).as("the directory has every postmaster itself").isEmpty();
    }
}
