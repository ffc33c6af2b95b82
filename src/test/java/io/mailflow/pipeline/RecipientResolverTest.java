package io.mailflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.config.ConfigLoader;
import io.mailflow.config.ConfigSnapshot;
import io.mailflow.model.EmailAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** DSN parameters through the directory (RFC 3461 §6.2.7): what a group's members carry, and when the group is reported. */
class RecipientResolverTest {

    private static final ConfigSnapshot CONFIG = config();

    private static ConfigSnapshot config() {
        try {
            return ConfigSnapshot.of(ConfigLoader.parse("test.yaml", """
                    acceptedDomains:
                      - {domainName: contoso.test}
                    mailboxes:
                      - {primarySmtpAddress: alice@contoso.test}
                      - {primarySmtpAddress: bob@contoso.test}
                    mailUsers:
                      - {name: Carol, primarySmtpAddress: carol@contoso.test, externalEmailAddress: carol@branch.example}
                    distributionGroups:
                      - {name: Team, primarySmtpAddress: team@contoso.test, members: [alice@contoso.test, sub+x@contoso.test]}
                      - {name: Sub, primarySmtpAddress: sub+x@contoso.test, members: [bob@contoso.test, team@contoso.test]}
                    """), null, 1);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static RecipientResolver.Result resolve(String to, String orcpt, String notify) {
        return RecipientResolver.resolve(List.of(new Envelope.Recipient(EmailAddress.parse(to), orcpt, notify)), CONFIG);
    }

    private static RecipientResolver.Resolved member(RecipientResolver.Result r, String address) {
        return r.recipients().stream().filter(x -> x.address().toString().equals(address)).findFirst().orElseThrow();
    }

    @Test
    void membersShouldCarryTheGroupsNotifyWithoutSuccessAndAnOrcptNamingTheGroup() {
        var r = resolve("team@contoso.test", null, "FAILURE,SUCCESS");
        assertThat(r.recipients()).extracting(x -> x.address().toString()).containsExactly("alice@contoso.test", "bob@contoso.test");
        assertThat(r.recipients()).allSatisfy(m -> {
            assertThat(m.dsnNotify()).isEqualTo("FAILURE");
            assertThat(m.orcpt()).isEqualTo("rfc822;team@contoso.test");
        });
        assertThat(r.expanded()).as("the group itself, once; the nested group is not reported")
                .containsExactly(new RecipientResolver.Expanded(EmailAddress.parse("team@contoso.test"), null, "FAILURE,SUCCESS"));
    }

    @Test
    void theClientsOrcptShouldReachEveryMemberAndANestedGroupsOwnOrcptIsXtextEncoded() {
        var given = resolve("team@contoso.test", "rfc822;Team+2BDesk@contoso.test", null);
        assertThat(given.recipients()).allSatisfy(m -> assertThat(m.orcpt()).isEqualTo("rfc822;Team+2BDesk@contoso.test"));
        assertThat(given.recipients()).allSatisfy(m -> assertThat(m.dsnNotify()).as("no NOTIFY stays the default").isNull());
        assertThat(given.expanded()).isEmpty();
        var sub = resolve("sub+x@contoso.test", null, null);
        assertThat(member(sub, "bob@contoso.test").orcpt()).isEqualTo("rfc822;sub+2Bx@contoso.test");
    }

    @Test
    void aSingleAddressAliasShouldPassNotifyAndOrcptOnUnchanged() {
        var r = resolve("carol@contoso.test", "rfc822;carol@contoso.test", "SUCCESS");
        assertThat(r.recipients()).singleElement().satisfies(m -> {
            assertThat(m.address().toString()).isEqualTo("carol@branch.example");
            assertThat(m.dsnNotify()).isEqualTo("SUCCESS");
            assertThat(m.orcpt()).isEqualTo("rfc822;carol@contoso.test");
        });
        assertThat(r.expanded()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {"null, null", "SUCCESS, NEVER", "'FAILURE,SUCCESS', FAILURE",
        "'DELAY,FAILURE,SUCCESS', 'DELAY,FAILURE'", "NEVER, NEVER", "'DELAY,FAILURE', 'DELAY,FAILURE'"})
    void withoutSuccessShouldLeaveTheRestAndNeverWhenNothingIsLeft(String notify, String expected) {
        assertThat(RecipientResolver.withoutSuccess(notify)).isEqualTo(expected);
    }

    private static RecipientResolver.Result resolveIn(String yaml, String to) throws Exception {
        ConfigSnapshot config = ConfigSnapshot.of(ConfigLoader.parse("test.yaml", yaml), null, 1);
        return RecipientResolver.resolve(List.of(new Envelope.Recipient(EmailAddress.parse(to), null, null)), config);
    }

    @Test
    void postmasterShouldResolveToTheFirstMailboxByDefaultWithAnOrcptNamingPostmaster() {
        var r = resolve("Postmaster@contoso.test", null, "FAILURE");
        assertThat(r.events()).containsExactly(new io.mailflow.trace.TraceEvent.Resolve("Postmaster@contoso.test", "alice@contoso.test"));
        assertThat(r.recipients()).singleElement().satisfies(m -> {
            assertThat(m.address().toString()).isEqualTo("alice@contoso.test");
            assertThat(m.orcpt()).isEqualTo("rfc822;Postmaster@contoso.test");
            assertThat(m.dsnNotify()).isEqualTo("FAILURE");
        });
    }

    @Test
    void postmasterShouldFollowTheConfiguredRecipientThroughTheDirectory() throws Exception {
        String yaml = """
                acceptedDomains:
                  - {domainName: contoso.test}
                  - {domainName: fabrikam.test, domainType: InternalRelay}
                mailboxes:
                  - {primarySmtpAddress: alice@contoso.test}
                  - {primarySmtpAddress: bob@contoso.test}
                distributionGroups:
                  - {name: Ops, primarySmtpAddress: ops@contoso.test, members: [alice@contoso.test, bob@contoso.test]}
                transport:
                  postmasterRecipient: ops@contoso.test
                """;
        var r = resolveIn(yaml, "postmaster@fabrikam.test");
        assertThat(r.events()).extracting(e -> e.name() + " " + e.recipient()).containsExactly("RESOLVE postmaster@fabrikam.test",
                "EXPAND ops@contoso.test");
        assertThat(r.recipients()).extracting(x -> x.address().toString()).containsExactly("alice@contoso.test", "bob@contoso.test");
        var external = resolveIn(yaml.replace("ops@contoso.test\n", "noc@provider.example\n"), "postmaster@contoso.test");
        assertThat(external.recipients()).extracting(x -> x.address().toString()).containsExactly("noc@provider.example");
        var owned = resolveIn(yaml.replace("[alice@contoso.test, bob@contoso.test]}", "[alice@contoso.test], emailAddresses:"
                + " [postmaster@contoso.test]}"), "postmaster@contoso.test");
        assertThat(owned.events()).as("a directory object with the address wins").extracting(e -> e.name()).containsExactly("EXPAND");
    }
}
