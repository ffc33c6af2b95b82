package io.mailflow.dsn;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MailFormatTest {

    private static String fold(String name, String value) {
        StringBuilder out = new StringBuilder();
        MailFormat.header(out, name, value);
        return out.toString();
    }

    @Test
    void headerShouldWriteShortFieldOnOneLine() {
        assertThat(fold("Action", "failed")).isEqualTo("Action: failed\r\n");
    }

    @Test
    void headerShouldFoldBeforeSpaceAfter78Characters() {
        String value = "word ".repeat(40).strip();

        String folded = fold("Subject", value);

        assertThat(folded.split("\r\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(78));
        assertThat(MimeUtility.unfold(folded.substring(0, folded.length() - 2))).isEqualTo("Subject: " + value);
    }

    @Test
    void headerShouldBreakRunWithoutSpacesSoNoLineExceeds998Octets() {
        String folded = fold("Diagnostic-Code", "smtp; " + "x".repeat(3000));

        assertThat(folded.split("\r\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(998));
        assertThat(folded.replaceAll("[\r\n ]", "")).isEqualTo("Diagnostic-Code:smtp;" + "x".repeat(3000));
    }

    @Test
    void headerShouldNotWriteBlankContinuationLinesWhenValueHasRunsOfSpaces() {
        String folded = fold("Subject", "a" + " ".repeat(200) + "b " + "c".repeat(80));

        assertThat(folded.split("\r\n")).noneMatch(String::isBlank);
    }

    @Test
    void quotedPrintableShouldRoundTripUtf8AndKeepLinesWithin76Characters() throws Exception {
        String text = "Grüße = \"quoted\"   \r\n" + "long ".repeat(40) + "\r\ntrailing space \r\n";

        String encoded = MailFormat.quotedPrintable(text);

        assertThat(encoded.split("\r\n")).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(76));
        assertThat(encoded).doesNotContain("=_").matches("[\\x20-\\x7E\\r\\n]*");
        byte[] decoded = MimeUtility.decode(new ByteArrayInputStream(encoded.getBytes(StandardCharsets.US_ASCII)),
                "quoted-printable").readAllBytes();
        assertThat(new String(decoded, StandardCharsets.UTF_8)).isEqualTo(text);
    }

    @Test
    void dateShouldBeRfc5322WithNumericZone() {
        assertThat(MailFormat.date(Instant.parse("2025-12-24T08:09:10Z"))).isEqualTo("Wed, 24 Dec 2025 08:09:10 +0000");
    }

    @Test
    void asciiShouldReplaceLineBreaksAndNonAscii() {
        assertThat(MailFormat.ascii("a\r\nb\tc ü")).isEqualTo("a  b c ?");
    }
}
