package io.mailflow.dsn;

import static io.mailflow.dsn.DsnFixtures.ARRIVAL;
import static io.mailflow.dsn.DsnFixtures.MESSAGE_ID;
import static io.mailflow.dsn.DsnFixtures.NOW;
import static io.mailflow.dsn.DsnFixtures.bounce;
import static io.mailflow.dsn.DsnFixtures.failed;
import static io.mailflow.dsn.DsnFixtures.headerSection;
import static io.mailflow.dsn.DsnFixtures.lines;
import static io.mailflow.dsn.DsnFixtures.parse;
import static io.mailflow.dsn.DsnFixtures.report;
import static io.mailflow.dsn.DsnFixtures.request;
import static io.mailflow.dsn.DsnFixtures.statusGroups;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeliveryStatusNotificationTest {

    @Test
    void composeShouldWriteMultipartReportWithNoticeStatusAndHeadersParts() throws Exception {
        byte[] dsn = DeliveryStatusNotification.compose(bounce(), NOW, MESSAGE_ID);

        ContentType type = new ContentType(parse(dsn).getContentType());
        MimeMultipart report = report(dsn);
        assertThat(type.getBaseType()).isEqualTo("multipart/report");
        assertThat(type.getParameter("report-type")).isEqualTo("delivery-status");
        assertThat(report.getCount()).isEqualTo(3);
        assertThat(new ContentType(report.getBodyPart(0).getContentType()).getBaseType()).isEqualTo("text/plain");
        assertThat(new ContentType(report.getBodyPart(0).getContentType()).getParameter("charset"))
                .isEqualToIgnoringCase("utf-8");
        assertThat(report.getBodyPart(1).getContentType()).isEqualTo("message/delivery-status");
        assertThat(report.getBodyPart(2).getContentType()).isEqualTo("text/rfc822-headers");
    }

    @Test
    void composeShouldAddressNoticeFromMailDeliverySystemToOriginalSender() throws Exception {
        MimeMessage notice = parse(DeliveryStatusNotification.compose(bounce(), NOW, MESSAGE_ID));

        assertThat(notice.getHeader("From", null)).isEqualTo("\"Mail Delivery System\" <postmaster@gateway.example>");
        assertThat(notice.getHeader("To", null)).isEqualTo("<alice@client.example>");
        assertThat(notice.getSubject()).isEqualTo("Undeliverable: Quarterly report");
        assertThat(notice.getSentDate().toInstant()).isEqualTo(NOW);
        assertThat(notice.getHeader("Date", null)).isEqualTo("Tue, 3 Jun 2025 10:05:00 +0000");
        assertThat(notice.getMessageID()).isEqualTo("<" + MESSAGE_ID + ">");
        assertThat(notice.getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
        assertThat(notice.getHeader("MIME-Version", null)).isEqualTo("1.0");
    }

    @ParameterizedTest
    @CsvSource({"FAILED, Undeliverable", "DELAYED, Delivery delayed", "DELIVERED, Delivered", "RELAYED, Relayed", "EXPANDED, Expanded"})
    void composeShouldNameActionInSubject(DsnAction action, String prefix) throws Exception {
        RecipientReport r = new RecipientReport("bob@remote.example", null, action,
                action == DsnAction.FAILED ? "5.1.1" : action == DsnAction.DELAYED ? "4.4.1" : "2.0.0", null, null,
                null, null);

        byte[] dsn = DeliveryStatusNotification.compose(request(false, r), NOW, MESSAGE_ID);

        assertThat(parse(dsn).getSubject()).isEqualTo(prefix + ": Quarterly report");
        assertThat(statusGroups(dsn).get(1).getHeader("Action", null))
                .isEqualTo(action.name().toLowerCase(Locale.ROOT));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Grüße aus Köln",
        "会議の議事録について",                  // sent as =?ISO-2022-JP?B?...?=, handed to us decoded
        "Emoji \uD83D\uDCE7 and a long tail that needs more than one encoded word to carry all of it",
        "Looks encoded =?utf-8?q?x?= but is not"})
    void composeShouldKeepHeadersSevenBitWhenSubjectIsNotAscii(String subject) throws Exception {
        byte[] dsn = DeliveryStatusNotification.compose(request(false, DsnFixtures.ORIGINAL, subject,
                failed("bob@remote.example", "5.1.1", null)), NOW, MESSAGE_ID);

        byte[] headers = headerSection(dsn);
        for (byte b : headers) {
            assertThat(b & 0xFF).isBetween(1, 127);
        }
        assertThat(lines(headers)).allSatisfy(line -> assertThat(line.length).isLessThanOrEqualTo(78));
        assertThat(parse(dsn).getSubject()).isEqualTo("Undeliverable: " + subject);
    }

    @Test
    void composeShouldComposeDelayedNoticeWithWillRetryUntil() throws Exception {
        Instant until = Instant.parse("2025-06-04T10:00:00Z");
        RecipientReport r = new RecipientReport("bob@remote.example", null, DsnAction.DELAYED, "4.4.1",
                "mx.remote.example", "451 4.4.1 Connection timed out", DsnFixtures.LAST_ATTEMPT, until);

        byte[] dsn = DeliveryStatusNotification.compose(request(true, r), NOW, MESSAGE_ID);

        InternetHeaders group = statusGroups(dsn).get(1);
        assertThat(parse(dsn).getSubject()).isEqualTo("Delivery delayed: Quarterly report");
        assertThat(group.getHeader("Action", null)).isEqualTo("delayed");
        assertThat(group.getHeader("Status", null)).isEqualTo("4.4.1");
        assertThat(group.getHeader("Will-Retry-Until", null)).isEqualTo("Wed, 4 Jun 2025 10:00:00 +0000");
        assertThat(DsnFixtures.prose(dsn)).contains("isn't an error yet")
                .contains("until Wed, 4 Jun 2025 10:00:00 +0000");
        assertThat(report(dsn).getBodyPart(2).getContentType()).isEqualTo("text/rfc822-headers");
    }

    @Test
    void composeShouldEndEveryLineInCrlfAndKeepItWithin998Octets() {
        String longReply = "550 5.7.1 " + "policy ".repeat(400) + "x".repeat(2500);
        DsnRequest request = request(false, failed("bob@remote.example", "5.7.1", longReply));

        byte[] dsn = DeliveryStatusNotification.compose(request, NOW, MESSAGE_ID);

        assertThat(lines(dsn)).allSatisfy(line -> assertThat(line.length).isLessThanOrEqualTo(998));
    }

    @Test
    void composeShouldGiveSameMessageForSameInput() {
        assertThat(DeliveryStatusNotification.compose(bounce(), NOW, MESSAGE_ID))
                .isEqualTo(DeliveryStatusNotification.compose(bounce(), NOW, MESSAGE_ID));
    }

    @Test
    void requestShouldRejectReportsWithDifferentActions() {
        RecipientReport delivered = new RecipientReport("c@remote.example", null, DsnAction.DELIVERED, "2.0.0",
                null, null, null, null);

        assertThatIllegalArgumentException().isThrownBy(() -> request(false,
                failed("b@remote.example", "5.1.1", null), delivered));
    }

    @Test
    void requestShouldRejectNoReportsAndEmptySender() {
        assertThatIllegalArgumentException().isThrownBy(() -> request(false));
        assertThatIllegalArgumentException().isThrownBy(() -> new DsnRequest("mx", "postmaster@x", "", null,
                ARRIVAL, List.of(failed("b@x", "5.1.1", null)), false, new byte[0], ""));
    }

    @ParameterizedTest
    @CsvSource({"5.1", "5.01.1", "6.0.0", "5.1.1000", "' 5.1.1'"})
    void recipientReportShouldRejectMalformedStatus(String status) {
        assertThatIllegalArgumentException().isThrownBy(() -> failed("b@x", status, null));
    }

    @Test
    void recipientReportShouldRejectWillRetryUntilWhenNotDelayed() {
        assertThatIllegalArgumentException().isThrownBy(() -> new RecipientReport("b@x", null, DsnAction.FAILED,
                "5.4.7", null, null, null, NOW));
    }

    // Expected for FAILED, DELAYED, DELIVERED, RELAYED.
    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
        "null,                  true,  true,  false, false",
        "'',                    true,  true,  false, false",
        "NEVER,                 false, false, false, false",
        "SUCCESS,               false, false, true,  true",
        "FAILURE,               true,  false, false, false",
        "DELAY,                 false, true,  false, false",
        "'FAILURE,SUCCESS',     true,  false, true,  true",
        "'DELAY,FAILURE',       true,  true,  false, false",
        "'DELAY,SUCCESS',       false, true,  true,  true",
        "'DELAY,FAILURE,SUCCESS', true, true, true,  true",
        "'failure, delay',      true,  true,  false, false"})
    void requestedShouldFollowNotifyWhenGivenAndFailureAndDelayWhenNot(String notify, boolean failed,
            boolean delayed, boolean delivered, boolean relayed) {
        assertThat(DeliveryStatusNotification.requested(notify, DsnAction.FAILED)).isEqualTo(failed);
        assertThat(DeliveryStatusNotification.requested(notify, DsnAction.DELAYED)).isEqualTo(delayed);
        assertThat(DeliveryStatusNotification.requested(notify, DsnAction.DELIVERED)).isEqualTo(delivered);
        assertThat(DeliveryStatusNotification.requested(notify, DsnAction.RELAYED)).isEqualTo(relayed);
        assertThat(DeliveryStatusNotification.requested(notify, DsnAction.EXPANDED)).as("expanded is news of success")
                .isEqualTo(relayed);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "550 5.1.1 No such user                                        | 5.1.1",
        "550-5.1.1 The email account that you tried to reach does not exist | 5.1.1",
        "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found | 5.1.10",
        "451 4.4.316 Connection refused                                | 4.4.316",
        "552 5.3.4 Message size exceeds fixed limit                    | 5.3.4",
        "554 5.7.1 Delivery not authorized                             | 5.7.1",
        "550 Requested action not taken: mailbox unavailable           | 5.0.0",
        "421 Service not available, closing transmission channel       | 4.0.0",
        "550 4.4.7 QUEUE.Expired; message expired                      | 5.0.0",
        "250 2.0.0 OK                                                  | 2.0.0",
        "4.4.7 Message expired                                         | 4.4.7",
        "550                                                           | 5.0.0",
        "Connection timed out                                          | 5.0.0",
        "''                                                            | 5.0.0",
        "null                                                          | 5.0.0"})
    void statusOfShouldTakeEnhancedCodeOfReplyClassElseBasicCodeClass(String reply, String status) {
        assertThat(DeliveryStatusNotification.statusOf(reply)).isEqualTo(status);
    }
}
