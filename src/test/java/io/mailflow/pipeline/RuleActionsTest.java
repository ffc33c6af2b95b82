package io.mailflow.pipeline;

import static io.mailflow.pipeline.RuleConditionsTest.config;
import static io.mailflow.pipeline.RuleConditionsTest.message;
import static io.mailflow.pipeline.RuleConditionsTest.plan;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.trace.TraceEvent;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every rule action on real MIME messages, checked the way a recipient would see the result: the
 * changed message is read back with Jakarta Mail (Angus), a real MIME parser, and the routes are
 * the planner's.
 */
class RuleActionsTest {

    private static MessagePlanner.Plan.Accepted accepted(MessagePlanner.Plan p) {
        assertThat(p).isInstanceOf(MessagePlanner.Plan.Accepted.class);
        return (MessagePlanner.Plan.Accepted) p;
    }

    private static MimeMessage parse(MessagePlanner.Copy copy) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(copy.content().toByteArray()));
    }

    /** Recipient → next hop key, over every copy. */
    private static Map<String, String> routes(MessagePlanner.Plan.Accepted a) {
        Map<String, String> out = new TreeMap<>();
        a.copies().forEach(c -> c.recipients().forEach(r -> out.put(r.address().toString(), r.route().nextHop().key())));
        return out;
    }

    /** The decoded text of every text part, in order. */
    private static List<String> texts(Part p) throws Exception {
        List<String> out = new ArrayList<>();
        if (p.isMimeType("multipart/*")) {
            Multipart m = (Multipart) p.getContent();
            for (int i = 0; i < m.getCount(); i++) {
                out.addAll(texts(m.getBodyPart(i)));
            }
        } else if (p.isMimeType("text/*")) {
            out.add((String) p.getContent());
        }
        return out;
    }

    @Test
    void S7_aRuleShouldRouteOnlyTheRecipientsItMatchesThroughARuleScopedConnector() {
        var a = accepted(plan(config("""
                  - name: External mail through the appliance
                    sentToScope: NotInOrganization
                    routeMessageOutboundConnector: Appliance
                """), "plain-utf8.eml", "alice@contoso.test", "alice", "bob@contoso.test", "x@gmail.example"));
        assertThat(routes(a)).containsEntry("x@gmail.example", "connector:Appliance")
                .containsEntry("bob@contoso.test", "mailbox:bob@contoso.test");
        var none = accepted(plan(config("""
                  - name: Something else
                    subjectContainsWords: [nothing-like-this]
                    routeMessageOutboundConnector: Appliance
                """), "plain-utf8.eml", "alice@contoso.test", "alice", "x@gmail.example"));
        assertThat(routes(none)).as("the rule-scoped connector is never chosen without the rule").containsEntry("x@gmail.example",
                "mx:gmail.example");
    }

    @Test
    void recipientsARuleAddsShouldCountTowardsTheExpansionLimit() throws Exception {
        String rules = "transportRules:\n  - name: Copy the staff\n    subjectContainsWords: [invoice]\n    blindCopyTo: [staff@contoso.test]\n";
        var limited = io.mailflow.config.ConfigSnapshot.of(io.mailflow.config.ConfigLoader.parse("test.yaml",
                "server:\n  limits:\n    maxExpandedRecipients: 2\n" + RuleConditionsTest.DIRECTORY + rules), null, 1);
        var refused = plan(limited, "plain-utf8.eml", "x@outside.example", "outside", "carol@contoso.test");
        assertThat(refused).as("carol, and the staff group (alice, bob) the rule adds").isInstanceOfSatisfying(
                MessagePlanner.Plan.Refused.class, r -> {
                    assertThat(r.reply().toString()).startsWith("552 5.5.3");
                    assertThat(r.why()).startsWith("3 recipients after group expansion and mail flow rules, more than 2");
                });
        var unlimited = io.mailflow.config.ConfigSnapshot.of(io.mailflow.config.ConfigLoader.parse("test.yaml",
                "server:\n  limits:\n    maxExpandedRecipients: 3\n" + RuleConditionsTest.DIRECTORY + rules), null, 1);
        assertThat(routes(accepted(plan(unlimited, "plain-utf8.eml", "x@outside.example", "outside", "carol@contoso.test"))))
                .containsOnlyKeys("carol@contoso.test", "alice@contoso.test", "bob@contoso.test");
    }

    @Test
    void requireTlsShouldMakeTheRouteTlsOnly() {
        var a = accepted(plan(config("""
                  - name: Confidential by TLS
                    subjectOrBodyContainsWords: [confidential]
                    routeMessageOutboundRequireTls: true
                """), "plain-utf8.eml", "alice@contoso.test", "alice", "bob@contoso.test", "x@gmail.example"));
        assertThat(routes(a)).containsEntry("x@gmail.example", "tls:mx:gmail.example")
                .containsEntry("bob@contoso.test", "mailbox:bob@contoso.test");
        assertThat(a.copies().getFirst().recipients()).filteredOn(r -> r.address().toString().equals("x@gmail.example"))
                .singleElement().satisfies(r -> assertThat(r.ruleRoute().requireTls()).isTrue());
    }

    @Test
    void rejectShouldRefuseWithTheDefaultOrTheRulesOwnCodeAndText() {
        var byDefault = plan(config("""
                  - name: No executables
                    attachmentExtensionMatchesWords: [pdf]
                    rejectMessageReasonText: Delivery not authorized, message refused
                """), "multipart-attachments.eml", "alice@contoso.test", "outside", "bob@contoso.test");
        assertThat(byDefault).isInstanceOfSatisfying(MessagePlanner.Plan.Refused.class,
                r -> assertThat(r.reply().text()).isEqualTo("550 5.7.1 Delivery not authorized, message refused"));
        var own = plan(config("""
                  - name: Block the project name
                    subjectOrBodyContainsWords: [falcon]
                    rejectMessageReasonText: Project Falcon is not discussed by mail
                    rejectMessageEnhancedStatusCode: 5.7.901
                """), "plain-utf8.eml", "alice@contoso.test", "outside", "bob@contoso.test");
        assertThat(own).isInstanceOfSatisfying(MessagePlanner.Plan.Refused.class,
                r -> assertThat(r.reply().text()).isEqualTo("550 5.7.901 Project Falcon is not discussed by mail"));
        var other = plan(config("""
                  - name: Block the project name
                    subjectOrBodyContainsWords: [falcon]
                    rejectMessageEnhancedStatusCode: 5.7.901
                """), "html-latin1.eml", "reports@partner.test", "outside", "alice@contoso.test");
        assertThat(other).isInstanceOf(MessagePlanner.Plan.Accepted.class);
    }

    @Test
    void deleteShouldDropTheMatchedRecipientsSilentlyAndKeepTheOthers() {
        var a = accepted(plan(config("""
                  - name: Nothing for carol
                    sentTo: [carol@contoso.test]
                    deleteMessage: true
                """), "plain-utf8.eml", "alice@contoso.test", "outside", "bob@contoso.test", "carol@contoso.test"));
        assertThat(routes(a)).containsOnlyKeys("bob@contoso.test");
        assertThat(a.events()).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(TraceEvent.Rule.class,
                r -> assertThat(r.actions()).contains("deleteMessage")));
        var all = accepted(plan(config("""
                  - name: Drop everything from the partner
                    senderDomainIs: [partner.test]
                    deleteMessage: true
                """), "html-latin1.eml", "reports@partner.test", "outside", "alice@contoso.test"));
        assertThat(all.copies()).singleElement().satisfies(c -> assertThat(c.recipients()).isEmpty());
    }

    @Test
    void redirectShouldReplaceOnlyTheMatchedRecipients() {
        var a = accepted(plan(config("""
                  - name: Carol's mail to bob
                    sentTo: [carol@contoso.test]
                    redirectMessageTo: [bob@contoso.test]
                """), "plain-utf8.eml", "x@outside.example", "outside", "alice@contoso.test", "carol@contoso.test"));
        assertThat(routes(a)).containsOnlyKeys("alice@contoso.test", "bob@contoso.test");
    }

    @Test
    void blindCopyShouldAddAnEnvelopeRecipientThatNoHeaderShows() throws Exception {
        var a = accepted(plan(config("""
                  - name: Archive the finance mail
                    fromMemberOf: [finance@contoso.test]
                    blindCopyTo: [carol@contoso.test]
                """), "plain-utf8.eml", "alice@contoso.test", "alice", "bob@contoso.test"));
        assertThat(routes(a)).containsOnlyKeys("bob@contoso.test", "carol@contoso.test");
        MimeMessage m = parse(a.copies().getFirst());
        assertThat(String.join(",", m.getHeader("To"))).doesNotContain("carol");
        assertThat(m.getHeader("Cc")).isNull();
    }

    @Test
    void addToRecipientsAndCopyToShouldAddRecipientsAndShowThemInToAndCc() throws Exception {
        var a = accepted(plan(config("""
                  - name: Add the desk
                    subjectContainsWords: [invoice]
                    addToRecipients: [desk@partner.test]
                    copyTo: [carol@contoso.test]
                """), "plain-utf8.eml", "alice@contoso.test", "alice", "bob@contoso.test"));
        assertThat(routes(a)).containsOnlyKeys("bob@contoso.test", "carol@contoso.test", "desk@partner.test");
        MimeMessage m = parse(a.copies().getFirst());
        assertThat(m.getRecipients(jakarta.mail.Message.RecipientType.TO)).extracting(Object::toString)
                .contains("Bob <bob@fabrikam.test>", "desk@partner.test");
        assertThat(m.getRecipients(jakarta.mail.Message.RecipientType.CC)).extracting(Object::toString)
                .containsExactly("carol@contoso.test");
    }

    @Test
    void setAndRemoveHeaderShouldChangeOnlyThoseFields() throws Exception {
        byte[] original = message("plain-utf8.eml");
        var a = accepted(plan(config("""
                  - name: Tag
                    fromScope: InOrganization
                    setHeaderName: X-Project
                    setHeaderValue: Eagle — phase three
                  - name: Strip
                    fromScope: InOrganization
                    removeHeader: Date
                """), "plain-utf8.eml", "alice@contoso.test", "alice", "bob@contoso.test"));
        MimeMessage m = parse(a.copies().getFirst());
        assertThat(m.getHeader("X-Project")).singleElement().satisfies(v -> assertThat(MimeUtility.decodeText(v))
                .isEqualTo("Eagle — phase three"));
        assertThat(m.getHeader("Date")).isNull();
        assertThat(m.getSubject()).isEqualTo("Rechnung für März – invoice 42");
        String text = new String(a.copies().getFirst().content().toByteArray(), StandardCharsets.UTF_8);
        String body = new String(original, StandardCharsets.UTF_8);
        assertThat(text.substring(text.indexOf("\r\n\r\n"))).as("the body is untouched").isEqualTo(body.substring(body.indexOf("\r\n\r\n")));
    }

    @Test
    void prependSubjectShouldKeepTheDecodedSubjectAndItsCharacters() throws Exception {
        var a = accepted(plan(config("""
                  - name: External tag
                    fromScope: NotInOrganization
                    prependSubject: '[EXTERNAL] '
                """), "japanese-iso2022jp.eml", "yamada@tokyo.example", "outside", "alice@contoso.test"));
        assertThat(parse(a.copies().getFirst()).getSubject()).isEqualTo("[EXTERNAL] 会議の議事録について");
        var internal = accepted(plan(config("""
                  - name: External tag
                    fromScope: NotInOrganization
                    prependSubject: '[EXTERNAL] '
                """), "plain-utf8.eml", "alice@contoso.test", "alice", "bob@contoso.test"));
        assertThat(parse(internal.copies().getFirst()).getSubject()).isEqualTo("Rechnung für März – invoice 42");
        assertThat(internal.copies().getFirst().changed()).isFalse();
    }

    private static final String DISCLAIMER = """
              - name: Disclaimer
                sentToScope: NotInOrganization
                applyHtmlDisclaimerText: '<p>Contoso Ltd. — <b>confidential</b> &amp; privileged</p>'
                applyHtmlDisclaimerFallbackAction: %s
            """;

    @Test
    void aDisclaimerShouldGoIntoPlainTextInItsCharset() throws Exception {
        var a = accepted(plan(config(DISCLAIMER.formatted("Wrap")), "plain-utf8.eml", "alice@contoso.test", "alice",
                "x@gmail.example"));
        MimeMessage m = parse(a.copies().getFirst());
        assertThat((String) m.getContent()).startsWith("Hello Bob,").endsWith("Alice\r\n\r\nContoso Ltd. — confidential & privileged\r\n");
        assertThat(m.getContentType()).containsIgnoringCase("charset=utf-8");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"unlabelled-utf8.eml", "mislabelled-latin1.eml"})
    void aDisclaimerShouldKeepTheTextOfABodyWhoseBytesAreNotInItsDeclaredCharset(String eml) throws Exception {
        var a = accepted(plan(config(DISCLAIMER.formatted("Wrap")), eml, "alice@contoso.test", "alice", "x@gmail.example"));
        MimeMessage m = parse(a.copies().getFirst());
        assertThat((String) m.getContent()).startsWith("Grüße aus Köln\r\n").contains("Contoso Ltd. — confidential & privileged");
        assertThat(m.getContentType()).as("the label now tells the truth").containsIgnoringCase("charset=UTF-8");
        if (eml.startsWith("unlabelled")) {
            assertThat(m.getContentType()).as("its other parameters stay").contains("format=flowed");
        }
    }

    @Test
    void aDisclaimerShouldGoIntoAnHtmlBodyBeforeItsEndAndChangeTheCharsetOnlyWhenItMust() throws Exception {
        var a = accepted(plan(config(DISCLAIMER.formatted("Wrap")), "html-latin1.eml", "reports@partner.test", "onprem",
                "x@gmail.example"));
        MimeMessage m = parse(a.copies().getFirst());
        String html = (String) m.getContent();
        assertThat(html).contains("Gr\u00fc\u00dfe.</p><br><p>Contoso Ltd. — <b>confidential</b> &amp; privileged</p></body></html>");
        assertThat(m.getContentType()).as("the em dash is not in ISO-8859-1").containsIgnoringCase("charset=UTF-8");
        assertThat(m.getEncoding()).isEqualTo("quoted-printable");
    }

    @Test
    void aDisclaimerShouldGoIntoBothAlternativesAndLeaveTheAttachmentsByteForByte() throws Exception {
        byte[] original = message("multipart-attachments.eml");
        var a = accepted(plan(config(DISCLAIMER.formatted("Wrap")), "multipart-attachments.eml", "alice@contoso.test", "alice",
                "x@gmail.example"));
        MimeMessage m = parse(a.copies().getFirst());
        List<String> texts = texts(m);
        assertThat(texts).hasSize(2);
        assertThat(texts.get(0)).contains("Payment due in 30 days.").contains("Contoso Ltd. — confidential & privileged");
        assertThat(texts.get(1)).contains("<p>Contoso Ltd. — <b>confidential</b> &amp; privileged</p></body></html>");
        String changed = new String(a.copies().getFirst().content().toByteArray(), StandardCharsets.ISO_8859_1);
        String before = new String(original, StandardCharsets.ISO_8859_1);
        String pdfPart = before.substring(before.indexOf("Content-Type: application/pdf"));
        assertThat(changed).endsWith(pdfPart);
        Multipart mixed = (Multipart) m.getContent();
        BodyPart pdf = mixed.getBodyPart(1);
        assertThat(pdf.getFileName()).isEqualTo("invoice-42.pdf");
        assertThat(new String(pdf.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1)).startsWith("%PDF-1.4");
    }

    @Test
    void aDisclaimerInAnIso2022JpBodyShouldStayInThatCharset() throws Exception {
        var a = accepted(plan(config("""
                  - name: Disclaimer
                    fromScope: NotInOrganization
                    applyHtmlDisclaimerText: '<p>Scanned by Contoso</p>'
                    applyHtmlDisclaimerLocation: Prepend
                """), "japanese-iso2022jp.eml", "yamada@tokyo.example", "outside", "alice@contoso.test"));
        MimeMessage m = parse(a.copies().getFirst());
        assertThat(m.getContentType()).containsIgnoringCase("ISO-2022-JP");
        assertThat((String) m.getContent()).startsWith("Scanned by Contoso\r\n\r\n皆様").contains("機密情報です。");
    }

    @Test
    void aSignedMessageShouldBeWrappedIgnoredOrRefusedAsTheFallbackSays() throws Exception {
        byte[] original = message("signed.eml");
        var wrapped = accepted(plan(config(DISCLAIMER.formatted("Wrap")), "signed.eml", "alice@contoso.test", "alice",
                "partner@partner.test"));
        MimeMessage m = parse(wrapped.copies().getFirst());
        assertThat(m.getContentType()).startsWith("multipart/mixed");
        assertThat(m.getSubject()).isEqualTo("Signed statement");
        Multipart parts = (Multipart) m.getContent();
        assertThat((String) parts.getBodyPart(0).getContent()).contains("Contoso Ltd. — <b>confidential</b>");
        assertThat(parts.getBodyPart(1).isMimeType("message/rfc822")).isTrue();
        assertThat(parts.getBodyPart(1).getInputStream().readAllBytes()).as("the signed original, untouched").isEqualTo(original);

        var ignored = accepted(plan(config(DISCLAIMER.formatted("Ignore")), "signed.eml", "alice@contoso.test", "alice",
                "partner@partner.test"));
        assertThat(ignored.copies().getFirst().content().toByteArray()).isEqualTo(original);

        var refused = plan(config(DISCLAIMER.formatted("Reject")), "signed.eml", "alice@contoso.test", "alice",
                "partner@partner.test");
        assertThat(refused).isInstanceOfSatisfying(MessagePlanner.Plan.Refused.class,
                r -> assertThat(r.reply().text()).startsWith("550 5.7.1"));
    }

    @Test
    void aRuleForSomeRecipientsShouldSplitTheMessageSoOnlyTheyGetTheChange() throws Exception {
        var a = accepted(plan(config(DISCLAIMER.formatted("Wrap")), "plain-utf8.eml", "alice@contoso.test", "alice",
                "bob@contoso.test", "x@gmail.example"));
        assertThat(a.copies()).hasSize(2);
        for (MessagePlanner.Copy c : a.copies()) {
            String body = (String) parse(c).getContent();
            String who = c.recipients().getFirst().address().toString();
            if (who.equals("x@gmail.example")) {
                assertThat(body).contains("Contoso Ltd.");
            } else {
                assertThat(who).isEqualTo("bob@contoso.test");
                assertThat(body).doesNotContain("Contoso Ltd.");
            }
        }
    }

    @Test
    void anAuditRuleShouldOnlyBeRecordedAndStopRuleProcessingShouldEndTheRules() throws Exception {
        var audit = accepted(plan(config("""
                  - name: Would tag
                    mode: Audit
                    prependSubject: '[AUDIT] '
                """), "plain-utf8.eml", "alice@contoso.test", "alice", "bob@contoso.test"));
        assertThat(parse(audit.copies().getFirst()).getSubject()).doesNotStartWith("[AUDIT]");
        assertThat(audit.events()).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(TraceEvent.Rule.class,
                r -> assertThat(r.mode()).isEqualTo("Audit")));
        var stopped = accepted(plan(config("""
                  - name: Second
                    priority: 1
                    prependSubject: '[SECOND] '
                  - name: First
                    priority: 0
                    prependSubject: '[FIRST] '
                    stopRuleProcessing: true
                """), "plain-utf8.eml", "alice@contoso.test", "alice", "bob@contoso.test"));
        assertThat(parse(stopped.copies().getFirst()).getSubject()).isEqualTo("[FIRST] Rechnung für März – invoice 42");
    }

    @Test
    void rulesShouldRunInPriorityOrderWithATakenPriorityShiftingTheOthersDown() throws Exception {
        var a = accepted(plan(config("""
                  - {name: A, priority: 0, prependSubject: 'a '}
                  - {name: B, priority: 1, prependSubject: 'b '}
                  - {name: C, priority: 0, prependSubject: 'c '}
                  - {name: D, prependSubject: 'd '}
                """), "plain-utf8.eml", "alice@contoso.test", "alice", "bob@contoso.test"));
        // C takes priority 0 and shifts A and B down: C, A, B, then D last; each prepends, so the last is outermost
        assertThat(parse(a.copies().getFirst()).getSubject()).isEqualTo("d b a c Rechnung für März – invoice 42");
    }

    @Test
    void aRuleShouldActOnlyInsideItsActivationWindow() throws Exception {
        var expired = accepted(plan(config("""
                  - name: Old campaign
                    expiryDate: 2020-01-01
                    prependSubject: '[OLD] '
                  - name: Future campaign
                    activationDate: 2999-01-01T00:00:00Z
                    prependSubject: '[FUTURE] '
                  - name: Current
                    activationDate: 2020-01-01
                    expiryDate: 2999-01-01
                    prependSubject: '[NOW] '
                """), "plain-utf8.eml", "alice@contoso.test", "alice", "bob@contoso.test"));
        assertThat(parse(expired.copies().getFirst()).getSubject()).isEqualTo("[NOW] Rechnung für März – invoice 42");
    }

    @Test
    void senderAddressLocationShouldChooseBetweenTheFromHeaderAndTheEnvelope() throws Exception {
        String rule = """
                  - name: From the billing system
                    senderAddressLocation: %s
                    from: [billing@contoso.test]
                    prependSubject: '[BILLING] '
                """;
        // The envelope sender is billing@, the From: header alice@.
        for (String[] c : new String[][] {{"Header", "false"}, {"Envelope", "true"}, {"HeaderOrEnvelope", "true"}}) {
            var a = accepted(plan(config(rule.formatted(c[0])), "plain-utf8.eml", "billing@contoso.test", "alice",
                    "bob@contoso.test"));
            assertThat(parse(a.copies().getFirst()).getSubject().startsWith("[BILLING]")).as(c[0]).isEqualTo(Boolean.parseBoolean(c[1]));
        }
    }

    @Test
    void aRuleThatDoesNotMatchShouldTakeNoneOfItsActions() throws Exception {
        for (String eml : new String[] {"plain-utf8.eml", "html-latin1.eml", "multipart-attachments.eml", "japanese-iso2022jp.eml"}) {
            byte[] original = message(eml);
            var a = accepted(plan(config("""
                      - name: Everything, for a subject nobody writes
                        subjectContainsWords: [zzyzx]
                        routeMessageOutboundConnector: Appliance
                        routeMessageOutboundRequireTls: true
                        blindCopyTo: [carol@contoso.test]
                        addToRecipients: [desk@partner.test]
                        copyTo: [carol@contoso.test]
                        setHeaderName: X-Never
                        setHeaderValue: set
                        removeHeader: Message-ID
                        prependSubject: '[NEVER] '
                        applyHtmlDisclaimerText: '<p>never</p>'
                      - name: Redirect, for a subject nobody writes
                        subjectContainsWords: [zzyzx]
                        redirectMessageTo: [carol@contoso.test]
                      - name: Delete, for a subject nobody writes
                        subjectContainsWords: [zzyzx]
                        deleteMessage: true
                      - name: Reject, for a subject nobody writes
                        subjectContainsWords: [zzyzx]
                        rejectMessageReasonText: never
                    """), eml, "x@outside.example", "outside", "alice@contoso.test", "bob@contoso.test"));
            assertThat(a.copies()).as(eml).singleElement().satisfies(c -> {
                assertThat(c.changed()).isFalse();
                assertThat(c.content().toByteArray()).isEqualTo(original);
            });
            assertThat(routes(a)).as(eml).containsExactly(Map.entry("alice@contoso.test", "mailbox:alice@contoso.test"),
                    Map.entry("bob@contoso.test", "mailbox:bob@contoso.test"));
            assertThat(a.events()).as(eml).noneMatch(e -> e instanceof TraceEvent.Rule);
        }
    }
}
