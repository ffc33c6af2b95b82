package io.mailflow.pipeline;

import static io.mailflow.pipeline.RuleConditionsTest.client;
import static io.mailflow.pipeline.RuleConditionsTest.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailflow.message.MessageContent;
import io.mailflow.model.EmailAddress;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules on messages held in a file, as large messages are: a changed copy is the changed bytes
 * plus ranges of the original, never a second copy of the message in memory.
 */
class LargeMessagePlanTest {

    @TempDir
    Path dir;

    private MessageContent file(String text) throws Exception {
        Path f = Files.createTempFile(dir, "rcv-", ".eml");
        Files.writeString(f, text, StandardCharsets.ISO_8859_1);
        return MessageContent.ofFile(f, Files.size(f));
    }

    private static MessagePlanner.Copy plan(String rules, MessageContent content) {
        MessagePlanner.Plan p = MessagePlanner.plan(new Envelope(EmailAddress.parse("alice@contoso.test"), false, null, null,
                null, List.of(new Envelope.Recipient(EmailAddress.parse("x@gmail.example"), null, null))), client("alice"), content,
                config(rules), Instant.now(), false);
        assertThat(p).isInstanceOf(MessagePlanner.Plan.Accepted.class);
        return ((MessagePlanner.Plan.Accepted) p).copies().getFirst();
    }

    private static String attachment(int bytes) {
        StringBuilder b = new StringBuilder();
        while (b.length() < bytes) {
            b.append("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3\r\n");
        }
        return b.toString();
    }

    @Test
    void aHeaderChangeShouldReuseTheBodyOfTheOriginalFile() throws Exception {
        String body = attachment(5 * 1024 * 1024);
        MessageContent original = file("From: alice@contoso.test\r\nSubject: Big\r\n\r\n" + body);

        MessagePlanner.Copy copy = plan("""
                  - name: Tag
                    prependSubject: '[ext] '
                """, original);

        assertThat(copy.changed()).isTrue();
        assertThat(copy.content().inMemory()).as("the body stays in the file").isFalse();
        assertThat(copy.content().selfContained()).as("it borrows the received message's file").isFalse();
        assertThat(new String(copy.content().toByteArray(), StandardCharsets.ISO_8859_1))
                .isEqualTo("From: alice@contoso.test\r\nSubject: [ext] Big\r\n\r\n" + body);
    }

    @Test
    void aDisclaimerShouldChangeTheTextPartAndKeepALargeAttachmentInTheFile() throws Exception {
        String pdf = attachment(5 * 1024 * 1024);
        String tail = "--m\r\nContent-Type: application/pdf; name=big.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n" + pdf
                + "--m--\r\n";
        MessageContent original = file("From: alice@contoso.test\r\nSubject: Report\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=m\r\n\r\npreamble\r\n--m\r\nContent-Type: text/plain\r\n\r\n"
                + "See the report.\r\n" + tail);

        MessagePlanner.Copy copy = plan("""
                  - name: Disclaimer
                    applyHtmlDisclaimerText: '<p>Contoso Ltd.</p>'
                """, original);

        assertThat(copy.content().inMemory()).isFalse();
        String changed = new String(copy.content().toByteArray(), StandardCharsets.ISO_8859_1);
        assertThat(changed).endsWith(tail).contains("See the report.\r\n\r\nContoso Ltd.\r\n").contains("\r\npreamble\r\n");
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(copy.content().toByteArray()));
        assertThat(((Multipart) m.getContent()).getCount()).isEqualTo(2);
    }

    @Test
    void aTextPartTooLargeToRewriteShouldFallBackAsTheRuleSays() throws Exception {
        String text = "a line of a very long text body\r\n".repeat(2 * 1024 * 1024 / 33);
        String message = "From: alice@contoso.test\r\nSubject: Long\r\nContent-Type: text/plain\r\n\r\n" + text;
        String rule = """
                  - name: Disclaimer
                    applyHtmlDisclaimerText: '<p>Contoso Ltd.</p>'
                    applyHtmlDisclaimerFallbackAction: %s
                """;

        MessagePlanner.Copy ignored = plan(rule.formatted("Ignore"), file(message));
        MessagePlanner.Copy wrapped = plan(rule.formatted("Wrap"), file(message));

        assertThat(ignored.changed()).isFalse();
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(wrapped.content().toByteArray()));
        Multipart parts = (Multipart) m.getContent();
        assertThat((String) parts.getBodyPart(0).getContent()).contains("Contoso Ltd.");
        assertThat(new String(parts.getBodyPart(1).getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo(message);
        assertThat(wrapped.content().inMemory()).as("the wrapped original is not copied").isFalse();
    }
}
