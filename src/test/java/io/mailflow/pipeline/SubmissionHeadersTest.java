package io.mailflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Which clients' mail gets a Message-ID and a Date when it has none, and what is added. */
class SubmissionHeadersTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    private static ClientFacts client(String connector, boolean onPremises, String user) {
        return new ClientFacts("192.0.2.1", "client.example", true, user != null ? "Client Submission" : "Default Frontend",
                user != null ? "TLSv1.3" : null, user != null ? "TLS_AES_128_GCM_SHA256" : null, connector, onPremises, user,
                user != null);
    }

    @ParameterizedTest(name = "{0}: {3}")
    @CsvSource(nullValues = "-", delimiter = '|', textBlock = """
            authenticated user (Submission)  | -                | false | true
            OnPremises inbound connector     | From on-premises | true  | true
            Partner inbound connector        | Partner          | false | false
            anonymous client from the internet | -              | false | false
            """)
    void onlyTheOrganizationsOwnClientsShouldGetMissingHeaders(String who, String connector, boolean onPremises, boolean expected) {
        String user = who.startsWith("authenticated") ? "alice@contoso.test" : null;
        assertThat(SubmissionHeaders.appliesTo(client(connector, onPremises, user))).isEqualTo(expected);
    }

    private static HeaderSection header(String text) {
        return HeaderSection.parse(text.getBytes(StandardCharsets.US_ASCII), true);
    }

    @Test
    void onlyTheMissingFieldsShouldBeAddedWithTheDateInTheGatewaysZone() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        var none = SubmissionHeaders.missing(header("Subject: hi\r\n\r\nbody\r\n"), "<Q1.abc@mail.contoso.test>", NOW, berlin);
        assertThat(new String(none.fields(), StandardCharsets.US_ASCII))
                .isEqualTo("Message-ID: <Q1.abc@mail.contoso.test>\r\nDate: Wed, 2 Dec 2026 11:00:00 +0100\r\n");
        var dateOnly = SubmissionHeaders.missing(header("Message-Id: <own@client>\r\n\r\n"), "<Q1.abc@x>", NOW, berlin);
        assertThat(dateOnly.messageId()).isNull();
        assertThat(dateOnly.date()).isEqualTo("Wed, 2 Dec 2026 11:00:00 +0100");
        var idOnly = SubmissionHeaders.missing(header("DATE: Tue, 1 Dec 2026 09:00:00 +0000\r\n\r\n"), "<Q1.abc@x>", NOW, berlin);
        assertThat(idOnly).isEqualTo(new SubmissionHeaders.Added("<Q1.abc@x>", null));
        var emptyButPresent = SubmissionHeaders.missing(header("Message-ID:\r\nDate:\r\n\r\n"), "<Q1.abc@x>", NOW, berlin);
        assertThat(emptyButPresent.fields()).as("never a second field of a kind").isEmpty();
        assertThat(SubmissionHeaders.missing(header("Subject: hi\r\n\r\n"), null, NOW, berlin)).isEqualTo(SubmissionHeaders.Added.NONE);
    }

    @Test
    void newMessageIdShouldNameTheQueueIdAndOurHostAndBeUnique() {
        String a = SubmissionHeaders.newMessageId("01M8T4V2QA0000", "mail.contoso.test");
        String b = SubmissionHeaders.newMessageId("01M8T4V2QA0000", "mail.contoso.test");
        assertThat(a).matches("<01M8T4V2QA0000\\.[0-9a-f]{12}@mail\\.contoso\\.test>");
        assertThat(a).isNotEqualTo(b);
    }
}
