package io.mailflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeaderSectionTest {

    private static HeaderSection parse(String text) {
        return HeaderSection.parse(text.getBytes(StandardCharsets.UTF_8), true);
    }

    @Test
    void foldedFieldsShouldBeUnfoldedAndEncodedSubjectsDecoded() {
        HeaderSection h = parse("Subject: =?UTF-8?B?R3LDvMOfZQ==?=\r\n =?ISO-2022-JP?B?GyRCRnxLXDhsGyhC?=\r\n"
                + "Message-ID: <a@b>\r\n\r\nbody\r\n");
        assertThat(h.complete()).isTrue();
        assertThat(h.subject()).isEqualTo("Grüße日本語");
        assertThat(h.first("message-id")).isEqualTo("<a@b>");
    }

    @Test
    void ownHopsShouldCountOnlyReceivedFieldsNamingThisHostAfterBy() {
        HeaderSection h = parse("Received: from x by mail.contoso.test (Mailflow) with ESMTP id 1; date\r\n"
                + "Received: from mail.contoso.test by other.example; date\r\n"
                + "Received: from y\r\n\tby MAIL.CONTOSO.TEST with SMTP; date\r\n"
                + "Received: from z by mail.contoso.test.evil.example; date\r\n\r\n");
        assertThat(h.receivedBy("mail.contoso.test")).isEqualTo(2);
        assertThat(h.all("Received")).hasSize(4);
    }

    @Test
    void headerWithoutItsEndShouldBeIncompleteUnlessItIsTheWholeMessage() {
        byte[] head = "Subject: a\r\nX: b\r\n".getBytes(StandardCharsets.UTF_8);
        assertThat(HeaderSection.parse(head, false).complete()).isFalse();
        assertThat(HeaderSection.parse(head, true).complete()).isTrue();
        assertThat(HeaderSection.parse(head, true).first("X")).isEqualTo("b");
    }
}
