package io.mailflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.config.ConfigLoader;
import io.mailflow.config.ConfigSnapshot;
import io.mailflow.model.EmailAddress;
import io.mailflow.message.MessageContent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every rule condition against real MIME messages (plain UTF-8, HTML in ISO-8859-1 quoted-
 * printable, multipart with attachments and an inline image, ISO-2022-JP), once where it matches
 * and once where it does not, each also as its exceptIf twin. The rule under test sets a header;
 * the planned copies show whether it applied, and to which recipients.
 */
class RuleConditionsTest {

    static final String DIRECTORY = """
            acceptedDomains:
              - {domainName: contoso.test}
              - {domainName: fabrikam.test, domainType: InternalRelay}
            mailboxes:
              - {primarySmtpAddress: alice@contoso.test, emailAddresses: [alice.smith@contoso.test]}
              - {primarySmtpAddress: bob@contoso.test}
              - {primarySmtpAddress: carol@contoso.test}
            mailContacts:
              - {name: Partner desk, externalEmailAddress: desk@partner.test}
            distributionGroups:
              - {name: Finance, primarySmtpAddress: finance@contoso.test, members: [alice@contoso.test]}
              - {name: Staff, primarySmtpAddress: staff@contoso.test, members: [finance@contoso.test, bob@contoso.test]}
            inboundConnectors:
              - {name: On-premises, connectorType: OnPremises, senderIPAddresses: [10.1.0.0/16]}
            outboundConnectors:
              - {name: Appliance, connectorType: Partner, recipientDomains: ['*'], isTransportRuleScoped: true,
                 useMxRecord: false, smartHosts: ['127.0.0.1:1']}
            """;

    static ConfigSnapshot config(String rules) {
        try {
            return ConfigSnapshot.of(ConfigLoader.parse("test.yaml", DIRECTORY + "transportRules:\n" + rules), null, 1);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static byte[] message(String name) {
        try (InputStream in = RuleConditionsTest.class.getResourceAsStream("/messages/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client: outside (192.0.2.10), on-premises (10.1.2.3, attributed), or authenticated as alice. */
    static ClientFacts client(String kind) {
        return switch (kind) {
            case "outside" -> new ClientFacts("192.0.2.10", "mx.outside.example", true, "Default Frontend", null, null, null,
                    false, null, false);
            case "onprem" -> new ClientFacts("10.1.2.3", "exch.contoso.test", true, "Default Frontend", "TLSv1.3", "X", "On-premises",
                    true, null, false);
            case "alice" -> new ClientFacts("198.51.100.7", "laptop", true, "Client Submission", "TLSv1.3", "X", null, false,
                    "alice@contoso.test", true);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    static MessagePlanner.Plan plan(ConfigSnapshot config, String eml, String from, String client, String... to) {
        List<Envelope.Recipient> rcpts = new ArrayList<>();
        for (String t : to) {
            rcpts.add(new Envelope.Recipient(EmailAddress.parse(t), null, null));
        }
        Envelope envelope = new Envelope(from.isEmpty() ? null : EmailAddress.parse(from), false, null, null, null, rcpts);
        return MessagePlanner.plan(envelope, client(client), MessageContent.ofBytes(message(eml)), config, Instant.now(), true);
    }

    /** The recipients whose copy carries the marker header the rule sets, sorted. */
    static List<String> marked(MessagePlanner.Plan plan) {
        assertThat(plan).isInstanceOf(MessagePlanner.Plan.Accepted.class);
        List<String> out = new ArrayList<>();
        for (MessagePlanner.Copy c : ((MessagePlanner.Plan.Accepted) plan).copies()) {
            String text = new String(c.content().toByteArray(), StandardCharsets.ISO_8859_1);
            if (text.contains("X-Rule-Matched: yes")) {
                c.recipients().forEach(r -> out.add(r.address().toString()));
            }
        }
        out.sort(null);
        return out;
    }

    private static String rule(String condition) {
        return "  - name: Under test\n    setHeaderName: X-Rule-Matched\n    setHeaderValue: 'yes'\n    " + condition + "\n";
    }

    @ParameterizedTest(name = "{0} on {1} from <{2}> ({3}) to {4}: {5}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            from: [alice@contoso.test]                              | plain-utf8.eml            | alice@contoso.test | outside | bob@contoso.test | bob@contoso.test
            from: [bob@contoso.test]                                | plain-utf8.eml            | alice@contoso.test | outside | bob@contoso.test | -
            from: [alice.smith@contoso.test]                        | plain-utf8.eml            | x@contoso.test     | outside | bob@contoso.test | bob@contoso.test
            fromScope: InOrganization                               | plain-utf8.eml            | alice@contoso.test | alice   | bob@contoso.test | bob@contoso.test
            fromScope: InOrganization                               | plain-utf8.eml            | alice@contoso.test | onprem  | bob@contoso.test | bob@contoso.test
            fromScope: InOrganization                               | plain-utf8.eml            | alice@contoso.test | outside | bob@contoso.test | -
            fromScope: NotInOrganization                            | html-latin1.eml           | reports@partner.test | outside | alice@contoso.test | alice@contoso.test
            fromScope: NotInOrganization                            | plain-utf8.eml            | alice@contoso.test | alice   | bob@contoso.test | -
            fromMemberOf: [staff@contoso.test]                      | plain-utf8.eml            | alice@contoso.test | outside | bob@contoso.test | bob@contoso.test
            fromMemberOf: [finance@contoso.test]                    | html-latin1.eml           | reports@partner.test | outside | alice@contoso.test | -
            senderDomainIs: [contoso.test]                          | plain-utf8.eml            | alice@contoso.test | outside | bob@contoso.test | bob@contoso.test
            senderDomainIs: [partner.test]                          | html-latin1.eml           | reports@partner.test | outside | alice@contoso.test | alice@contoso.test
            senderDomainIs: [contoso.test]                          | html-latin1.eml           | reports@partner.test | outside | alice@contoso.test | -
            fromAddressContainsWords: [reports]                     | html-latin1.eml           | reports@partner.test | outside | alice@contoso.test | alice@contoso.test
            fromAddressContainsWords: [report]                      | html-latin1.eml           | reports@partner.test | outside | alice@contoso.test | -
            fromAddressMatchesPatterns: ['^rep.*@partner\\.test$']  | html-latin1.eml           | reports@partner.test | outside | alice@contoso.test | alice@contoso.test
            fromAddressMatchesPatterns: ['^alice@']                 | html-latin1.eml           | reports@partner.test | outside | alice@contoso.test | -
            sentTo: [bob@contoso.test]                              | plain-utf8.eml            | alice@contoso.test | outside | bob@contoso.test,carol@contoso.test | bob@contoso.test
            sentTo: [alice@contoso.test]                            | plain-utf8.eml            | x@outside.example  | outside | alice.smith@contoso.test,bob@contoso.test | alice.smith@contoso.test
            sentTo: [dave@contoso.test]                             | plain-utf8.eml            | alice@contoso.test | outside | bob@contoso.test | -
            sentToScope: NotInOrganization                          | plain-utf8.eml            | alice@contoso.test | alice   | bob@contoso.test,x@gmail.example,desk@partner.test | desk@partner.test,x@gmail.example
            sentToScope: InOrganization                             | plain-utf8.eml            | alice@contoso.test | alice   | bob@contoso.test,x@gmail.example,y@fabrikam.test | bob@contoso.test,y@fabrikam.test
            sentToMemberOf: [staff@contoso.test]                    | plain-utf8.eml            | x@outside.example  | outside | alice@contoso.test,bob@contoso.test,carol@contoso.test | alice@contoso.test,bob@contoso.test
            sentToMemberOf: [finance@contoso.test]                  | plain-utf8.eml            | x@outside.example  | outside | carol@contoso.test | -
            recipientDomainIs: [fabrikam.test]                      | plain-utf8.eml            | alice@contoso.test | alice   | bob@contoso.test,a@fabrikam.test,b@eu.fabrikam.test | a@fabrikam.test,b@eu.fabrikam.test
            recipientAddressContainsWords: [alice]                  | plain-utf8.eml            | x@outside.example  | outside | alice.smith@contoso.test,bob@contoso.test | alice.smith@contoso.test
            recipientAddressContainsWords: [smith]                  | plain-utf8.eml            | x@outside.example  | outside | alice.smith@contoso.test | -
            recipientAddressMatchesPatterns: ['^b']                 | plain-utf8.eml            | x@outside.example  | outside | alice@contoso.test,bob@contoso.test | bob@contoso.test
            subjectContainsWords: [invoice]                         | plain-utf8.eml            | alice@contoso.test | outside | bob@contoso.test | bob@contoso.test
            subjectContainsWords: ['für März']                      | plain-utf8.eml            | alice@contoso.test | outside | bob@contoso.test | bob@contoso.test
            subjectContainsWords: [Rechnungen]                      | plain-utf8.eml            | alice@contoso.test | outside | bob@contoso.test | -
            subjectContainsWords: [議事録]                           | japanese-iso2022jp.eml    | yamada@tokyo.example | outside | alice@contoso.test | alice@contoso.test
            subjectContainsWords: [予算]                             | japanese-iso2022jp.eml    | yamada@tokyo.example | outside | alice@contoso.test | -
            subjectMatchesPatterns: ['invoice \\d+$']               | plain-utf8.eml            | alice@contoso.test | outside | bob@contoso.test | bob@contoso.test
            subjectMatchesPatterns: ['^invoice']                    | plain-utf8.eml            | alice@contoso.test | outside | bob@contoso.test | -
            subjectMatchesPatterns: ['^会議']                        | japanese-iso2022jp.eml    | yamada@tokyo.example | outside | alice@contoso.test | alice@contoso.test
            subjectOrBodyContainsWords: [confidential]              | plain-utf8.eml            | alice@contoso.test | outside | bob@contoso.test | bob@contoso.test
            subjectOrBodyContainsWords: [forecast]                  | html-latin1.eml           | reports@partner.test | outside | alice@contoso.test | alice@contoso.test
            subjectOrBodyContainsWords: [Grüße]                     | html-latin1.eml           | reports@partner.test | outside | alice@contoso.test | alice@contoso.test
            subjectOrBodyContainsWords: [color]                     | html-latin1.eml           | reports@partner.test | outside | alice@contoso.test | -
            subjectOrBodyContainsWords: [機密情報]                    | japanese-iso2022jp.eml    | yamada@tokyo.example | outside | alice@contoso.test | alice@contoso.test
            subjectOrBodyContainsWords: [confidential]              | qp-html-entities.eml      | reports@partner.test | outside | alice@contoso.test | alice@contoso.test
            subjectOrBodyContainsWords: [café]                      | qp-html-entities.eml      | reports@partner.test | outside | alice@contoso.test | alice@contoso.test
            subjectOrBodyContainsWords: [price < 100 EUR]           | qp-html-entities.eml      | reports@partner.test | outside | alice@contoso.test | alice@contoso.test
            subjectOrBodyContainsWords: [hidden, tracker]           | qp-html-entities.eml      | reports@partner.test | outside | alice@contoso.test | -
            subjectOrBodyContainsWords: [payment due]               | multipart-attachments.eml | alice@contoso.test | outside | bob@contoso.test | bob@contoso.test
            subjectOrBodyContainsWords: [PDF]                       | multipart-attachments.eml | alice@contoso.test | outside | bob@contoso.test | -
            subjectOrBodyMatchesPatterns: ['due in \\d+ days']      | multipart-attachments.eml | alice@contoso.test | outside | bob@contoso.test | bob@contoso.test
            subjectOrBodyMatchesPatterns: ['\\d{4}-\\d{4}-\\d{4}']  | multipart-attachments.eml | alice@contoso.test | outside | bob@contoso.test | -
            headerContainsMessageHeader: X-Project, headerContainsWords: [falcon] | plain-utf8.eml | alice@contoso.test | outside | bob@contoso.test | bob@contoso.test
            headerContainsMessageHeader: X-Project, headerContainsWords: [eagle]  | plain-utf8.eml | alice@contoso.test | outside | bob@contoso.test | -
            headerContainsMessageHeader: Subject, headerContainsWords: [März]     | plain-utf8.eml | alice@contoso.test | outside | bob@contoso.test | bob@contoso.test
            headerMatchesMessageHeader: From, headerMatchesPatterns: ['山田']      | japanese-iso2022jp.eml | yamada@tokyo.example | outside | alice@contoso.test | alice@contoso.test
            headerMatchesMessageHeader: X-Project, headerMatchesPatterns: ['phase \\d'] | plain-utf8.eml | alice@contoso.test | outside | bob@contoso.test | -
            messageSizeOver: 1KB                                    | multipart-attachments.eml | alice@contoso.test | outside | bob@contoso.test | bob@contoso.test
            messageSizeOver: 1KB                                    | plain-utf8.eml            | alice@contoso.test | outside | bob@contoso.test | -
            senderIpRanges: [10.1.0.0/16]                           | plain-utf8.eml            | alice@contoso.test | onprem  | bob@contoso.test | bob@contoso.test
            senderIpRanges: [192.0.2.1-192.0.2.20]                  | plain-utf8.eml            | alice@contoso.test | outside | bob@contoso.test | bob@contoso.test
            senderIpRanges: [192.0.2.11-192.0.2.20, 10.0.0.1]       | plain-utf8.eml            | alice@contoso.test | outside | bob@contoso.test | -
            attachmentExtensionMatchesWords: [pdf]                  | multipart-attachments.eml | alice@contoso.test | outside | bob@contoso.test | bob@contoso.test
            attachmentExtensionMatchesWords: [xlsx]                 | multipart-attachments.eml | alice@contoso.test | outside | bob@contoso.test | bob@contoso.test
            attachmentExtensionMatchesWords: [exe, js]              | multipart-attachments.eml | alice@contoso.test | outside | bob@contoso.test | -
            hasAttachment: true                                     | multipart-attachments.eml | alice@contoso.test | outside | bob@contoso.test | bob@contoso.test
            hasAttachment: true                                     | html-latin1.eml           | reports@partner.test | outside | alice@contoso.test | -
            hasAttachment: false                                    | japanese-iso2022jp.eml    | yamada@tokyo.example | outside | alice@contoso.test | alice@contoso.test
            """)
    void eachConditionShouldMatchWhatItSaysAndNothingElse(String condition, String eml, String from, String client, String to,
            String expected) {
        String yaml = condition.replace(", header", "\n    header");
        List<String> expect = expected.equals("-") ? List.of() : List.of(expected.split(","));
        assertThat(marked(plan(config(rule(yaml)), eml, from, client, to.split(",")))).as(condition)
                .containsExactlyElementsOf(expect.stream().sorted().toList());
        // The exceptIf twin: the rule (no other condition) applies to exactly the others.
        String except = yaml.startsWith("header") ? yaml.replace("headerContains", "exceptIfHeaderContains")
                .replace("headerMatches", "exceptIfHeaderMatches")
                : "exceptIf" + Character.toUpperCase(yaml.charAt(0)) + yaml.substring(1);
        List<String> all = new ArrayList<>(List.of(to.split(",")));
        List<String> others = new ArrayList<>(all);
        boolean recipientCondition = condition.startsWith("sentTo") || condition.startsWith("recipient");
        if (recipientCondition) {
            others.removeAll(expect);
        } else if (!expect.isEmpty()) {
            others.clear();
        }
        others.sort(null);
        assertThat(marked(plan(config(rule(except)), eml, from, client, to.split(",")))).as(except).containsExactlyElementsOf(others);
    }

    /** ^(.*a){15}b on forty a's and a '!' backtracks for hours without the matching budget. */
    private static final String EVIL = "subjectMatchesPatterns: ['^(.*a){15}b']";

    @Test
    void aRuleThatCannotBeEvaluatedShouldBeSkippedByDefault() {
        assertThat(marked(plan(config(rule(EVIL)), "backtracking.eml", "alice@contoso.test", "outside", "bob@contoso.test")))
                .as("the condition could not be decided: the rule does not apply").isEmpty();
        MessagePlanner.Plan p = plan(config(rule("exceptIfSubjectMatchesPatterns: ['^(.*a){15}b']")), "backtracking.eml",
                "alice@contoso.test", "outside", "bob@contoso.test");
        assertThat(marked(p)).as("an exception that could not be decided skips the rule too (Ignore: the message goes on)")
                .isEmpty();
        assertThat(p.evaluations()).singleElement().satisfies(e -> assertThat(e.reasons())
                .anyMatch(r -> r.contains("could not be evaluated") && r.contains("ruleErrorAction Ignore")));
        assertThat(marked(plan(config(rule("exceptIfSubjectMatchesPatterns: ['^(.*a){15}b']")), "plain-utf8.eml",
                "alice@contoso.test", "outside", "bob@contoso.test"))).as("where the exception can be decided, the rule applies")
                .containsExactly("bob@contoso.test");
    }

    @Test
    void aRuleWithRuleErrorActionDeferShouldRefuseTheMessageForNowWhenItCannotBeEvaluated() {
        String rule = rule(EVIL) + "    ruleErrorAction: Defer\n";
        assertThat(plan(config(rule), "backtracking.eml", "alice@contoso.test", "outside", "bob@contoso.test"))
                .isInstanceOfSatisfying(MessagePlanner.Plan.Refused.class, r -> {
                    assertThat(r.reply().code()).isEqualTo(451);
                    assertThat(r.reply().text()).startsWith("451 4.3.0");
                    assertThat(r.why()).contains("Under test").contains("ruleErrorAction Defer");
                });
        assertThat(plan(config(rule), "plain-utf8.eml", "alice@contoso.test", "outside", "bob@contoso.test"))
                .as("a message the rule can decide on goes on").isInstanceOf(MessagePlanner.Plan.Accepted.class);
    }
}
