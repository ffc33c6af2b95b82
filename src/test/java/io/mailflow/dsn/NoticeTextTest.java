package io.mailflow.dsn;

import static io.mailflow.dsn.DsnFixtures.MESSAGE_ID;
import static io.mailflow.dsn.DsnFixtures.NOW;
import static io.mailflow.dsn.DsnFixtures.failed;
import static io.mailflow.dsn.DsnFixtures.noticeText;
import static io.mailflow.dsn.DsnFixtures.prose;
import static io.mailflow.dsn.DsnFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NoticeTextTest {

    private static String textOf(DsnRequest request) {
        return noticeText(DeliveryStatusNotification.compose(request, NOW, MESSAGE_ID));
    }

    private static String proseOf(DsnRequest request) {
        return prose(DeliveryStatusNotification.compose(request, NOW, MESSAGE_ID));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "5.1.1   | address wasn't found   | You, the sender.",
        "5.1.10  | address wasn't found   | You, the sender.",
        "5.2.2   | mailbox is full        | The recipient.",
        "5.3.4   | larger than            | You, the sender.",
        "5.2.3   | larger than            | You, the sender.",
        "5.4.1   | couldn't be routed     | The recipient's email admin.",
        "4.4.7   | expired                | The recipient's email admin.",
        "5.4.300 | expired                | The recipient's email admin.",
        "5.7.1   | policy setting         | The recipient's email admin.",
        "5.7.64  | policy setting         | The recipient's email admin.",
        "5.6.0   | content or format      | You, the sender, or your email admin.",
        "5.0.0   | didn't accept          | Your email admin or the recipient's email admin.",
        "5.5.2   | didn't accept          | Your email admin or the recipient's email admin."})
    void composeShouldSayWhatHappenedAndWhoFixesItByStatus(String status, String what, String who) {
        String text = proseOf(request(false, failed("bob@remote.example", status, null)));

        assertThat(text).startsWith("Your message couldn't be delivered.").contains(what)
                .contains("Who should fix it: " + who).contains("How to fix it: ");
    }

    @Test
    void composeShouldTellSenderToSendSmallerMessageWhenTooBig() {
        String text = proseOf(request(false, failed("bob@remote.example", "5.3.4", "552 5.3.4 Message too big")));

        assertThat(text).contains("Send a smaller message");
    }

    @Test
    void composeShouldListEachRecipientWithServerStatusAndResponse() {
        String text = textOf(request(false,
                failed("bob@remote.example", "5.1.1", "550 5.1.1 No such user"),
                new RecipientReport("carol@far.example", null, DsnAction.FAILED, "4.4.7", null,
                        "Message expired after 1 day", null, null)));

        assertThat(text).contains("""
                Recipient: bob@remote.example\r
                Remote server: mx.remote.example\r
                Status: 5.1.1\r
                Server response: 550 5.1.1 No such user\r
                Last attempt: Tue, 3 Jun 2025 10:04:00 +0000\r
                """);
        assertThat(text).contains("""
                Recipient: carol@far.example\r
                Remote server: none (the message didn't reach one)\r
                Status: 4.4.7\r
                Reason: Message expired after 1 day\r
                """);
        assertThat(text).contains("Reported by: mx.gateway.example").contains("Subject: Quarterly report");
    }

    @Test
    void composeShouldGroupRecipientsByCauseWhenCausesDiffer() {
        String text = textOf(request(false,
                failed("a@remote.example", "5.1.1", null),
                failed("b@remote.example", "5.2.2", null),
                failed("c@remote.example", "5.1.1", null)));

        assertThat(text.split("Who should fix it:", -1)).hasSize(3);
        assertThat(text.indexOf("    c@remote.example")).isLessThan(text.indexOf("mailbox is full"));
    }

    @Test
    void wrapShouldBreakAtSpacesWithinSeventyTwoCharacters() {
        String paragraph = "The receiving system refused the message because of a security or policy setting. "
                .repeat(5).strip();

        String wrapped = NoticeText.wrap(paragraph);

        assertThat(wrapped.split("\r\n")).hasSizeGreaterThan(1)
                .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(72));
        assertThat(wrapped.replace("\r\n", " ")).isEqualTo(paragraph);
    }

    @Test
    void composeShouldSayDeliveredOrRelayedWhenItWas() {
        RecipientReport delivered = new RecipientReport("bob@remote.example", null, DsnAction.DELIVERED, "2.0.0",
                "mx.remote.example", "250 2.0.0 OK", null, null);
        RecipientReport relayed = new RecipientReport("bob@remote.example", null, DsnAction.RELAYED, "2.0.0",
                "mx.remote.example", "250 2.0.0 OK", null, null);

        assertThat(textOf(request(false, delivered))).startsWith("Your message was delivered to these recipients:")
                .doesNotContain("Who should fix it");
        assertThat(proseOf(request(false, relayed))).startsWith("Your message was passed on")
                .contains("doesn't send delivery reports");
    }

    @Test
    void anExpandedNoticeShouldNameTheGroupAndSayOnlyProblemsWithMembersAreReported() {
        RecipientReport group = new RecipientReport("team@contoso.test", "rfc822;team@contoso.test", DsnAction.EXPANDED,
                "2.0.0", null, "250 2.0.0 Expanded to the group's members", null, null);

        assertThat(proseOf(request(false, group))).startsWith("Your message was delivered to these groups")
                .contains("team@contoso.test").contains("only for a member").doesNotContain("Who should fix it");
    }

    @Test
    void composeShouldSayItKeepsTryingWhenDelayedWithoutRetryLimit() {
        RecipientReport delayed = new RecipientReport("bob@remote.example", null, DsnAction.DELAYED, "4.4.1",
                null, null, null, null);

        assertThat(proseOf(request(false, delayed))).contains("isn't an error yet").contains("for a while");
    }
}
