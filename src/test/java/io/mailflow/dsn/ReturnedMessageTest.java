package io.mailflow.dsn;

import static io.mailflow.dsn.DsnFixtures.MESSAGE_ID;
import static io.mailflow.dsn.DsnFixtures.NOW;
import static io.mailflow.dsn.DsnFixtures.ORIGINAL;
import static io.mailflow.dsn.DsnFixtures.ORIGINAL_HEADERS;
import static io.mailflow.dsn.DsnFixtures.failed;
import static io.mailflow.dsn.DsnFixtures.parse;
import static io.mailflow.dsn.DsnFixtures.raw;
import static io.mailflow.dsn.DsnFixtures.report;
import static io.mailflow.dsn.DsnFixtures.request;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.BodyPart;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReturnedMessageTest {

    private static byte[] bounce(boolean returnFull, byte[] original) {
        return DeliveryStatusNotification.compose(request(returnFull, original, "Quarterly report",
                failed("bob@remote.example", "5.1.1", "550 5.1.1 No such user")), NOW, MESSAGE_ID);
    }

    @Test
    void composeShouldReturnWholeMessageWhenRetIsFull() throws Exception {
        BodyPart returned = report(bounce(true, ORIGINAL)).getBodyPart(2);

        assertThat(returned.getContentType()).isEqualTo("message/rfc822");
        assertThat(((MimeMessage) returned.getContent()).getSubject()).isEqualTo("Quarterly report");
        assertThat(raw(returned)).isEqualTo(ORIGINAL);
    }

    @Test
    void composeShouldReturnOnlyHeadersWhenRetIsNotFull() throws Exception {
        byte[] dsn = bounce(false, ORIGINAL);

        BodyPart returned = report(dsn).getBodyPart(2);

        assertThat(returned.getContentType()).isEqualTo("text/rfc822-headers");
        assertThat(new String(raw(returned), US_ASCII)).isEqualTo(ORIGINAL_HEADERS);
        assertThat(new String(dsn, US_ASCII)).doesNotContain("The body of the original message");
    }

    @Test
    void composeShouldReturnOnlyHeadersWhenNoticeIsNotAFailureEvenWithRetFull() throws Exception {
        RecipientReport delivered = new RecipientReport("bob@remote.example", null, DsnAction.DELIVERED, "2.0.0",
                "mx.remote.example", "250 2.0.0 OK", null, null);

        byte[] dsn = DeliveryStatusNotification.compose(request(true, delivered), NOW, MESSAGE_ID);

        assertThat(report(dsn).getBodyPart(2).getContentType()).isEqualTo("text/rfc822-headers");
    }

    @Test
    void composeShouldChooseBoundaryThatDoesNotOccurInOriginal() throws Exception {
        String usual = new ContentType(parse(bounce(true, ORIGINAL)).getContentType()).getParameter("boundary");
        String next = usual.substring(0, usual.length() - 1) + "1";
        String crafted = ORIGINAL_HEADERS + "Content-Type: text/plain\r\n\r\n"
                + "--" + usual + "\r\nContent-Type: text/html\r\n\r\nnot a part\r\n--" + usual + "--\r\n"
                + "--" + next + "\r\nend\r\n";

        byte[] dsn = bounce(true, crafted.getBytes(US_ASCII));

        String boundary = new ContentType(parse(dsn).getContentType()).getParameter("boundary");
        MimeMultipart report = report(dsn);
        assertThat(boundary).isNotEqualTo(usual).isNotEqualTo(next);
        assertThat(crafted).doesNotContain(boundary);
        assertThat(report.getCount()).isEqualTo(3);
        assertThat(new String(raw(report.getBodyPart(2)), US_ASCII)).isEqualTo(crafted);
    }

    @Test
    void composeShouldLabelNoticeEightBitWhenReturnedMessageHasEightBitOctets() throws Exception {
        byte[] original = (ORIGINAL_HEADERS + "Content-Transfer-Encoding: 8bit\r\n\r\nGrüße\r\n").getBytes(UTF_8);

        byte[] dsn = bounce(true, original);

        assertThat(parse(dsn).getHeader("Content-Transfer-Encoding", null)).isEqualTo("8bit");
        assertThat(report(dsn).getBodyPart(2).getHeader("Content-Transfer-Encoding")).containsExactly("8bit");
        assertThat(raw(report(dsn).getBodyPart(2))).isEqualTo(original);
        assertThat(parse(bounce(true, ORIGINAL)).getHeader("Content-Transfer-Encoding", null)).isEqualTo("7bit");
    }

    @Test
    void anInternationalizedOriginalShouldBeReturnedAsMessageGlobalOrGlobalHeaders() throws Exception {
        byte[] original = ("From: Jörg <jörg@example.de>\r\nTo: bob@remote.example\r\nSubject: Grüße\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHallo\r\n").getBytes(UTF_8);

        assertThat(report(bounce(true, original)).getBodyPart(2).getContentType()).isEqualTo("message/global");
        BodyPart headers = report(bounce(false, original)).getBodyPart(2);
        assertThat(headers.getContentType()).isEqualTo("message/global-headers");
        assertThat(new String(raw(headers), UTF_8)).startsWith("From: Jörg <jörg@example.de>\r\n");
        assertThat(report(bounce(true, ORIGINAL)).getBodyPart(2).getContentType()).as("ASCII headers, 8-bit body or not")
                .isEqualTo("message/rfc822");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'A: 1\\r\\nB: 2\\r\\n\\r\\nbody\\r\\n\\r\\nmore' | 'A: 1\\r\\nB: 2\\r\\n'",
        "'A: 1\\r\\n'                               | 'A: 1\\r\\n'",
        "'\\r\\nbody only'                          | ''"})
    void headerSectionShouldEndBeforeFirstEmptyLine(String message, String headers) {
        byte[] section = ReturnedMessage.headerSection(unescape(message).getBytes(US_ASCII));

        assertThat(new String(section, US_ASCII)).isEqualTo(unescape(headers));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'A: 1\\r\\n\\r\\nplain\\r\\n' | 7bit",
        "'A: 1\\r\\n\\r\\nGrüße\\r\\n' | 8bit",
        "'A: 1\\n\\nbare LF\\n'        | binary",
        "'A: 1\\r\\n\\r\\nNUL\\u0000'  | binary"})
    void transferEncodingShouldBeNarrowestThatFits(String content, String encoding) {
        assertThat(ReturnedMessage.transferEncoding(unescape(content).getBytes(UTF_8))).isEqualTo(encoding);
    }

    @Test
    void transferEncodingShouldBeBinaryWhenLineExceeds998Octets() {
        assertThat(ReturnedMessage.transferEncoding(("x".repeat(998) + "\r\n").getBytes(US_ASCII))).isEqualTo("7bit");
        assertThat(ReturnedMessage.transferEncoding(("x".repeat(999) + "\r\n").getBytes(US_ASCII)))
                .isEqualTo("binary");
    }

    private static String unescape(String s) {
        return s.replace("\\r", "\r").replace("\\n", "\n").replace("\\u0000", "\0");
    }
}
