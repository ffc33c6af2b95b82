package io.mailflow.message;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeUtility;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HeaderTextTest {

    @Test
    void encodeShouldKeepPrintableAsciiAsItIs() {
        assertThat(HeaderText.encode("Quarterly report", 9)).isEqualTo("Quarterly report");
    }

    @Test
    void encodeShouldEncodeAsciiThatLooksLikeAnEncodedWord() throws Exception {
        String text = "see =?UTF-8?B?SGk=?= here";

        String encoded = HeaderText.encode(text, 9);

        assertThat(encoded).isNotEqualTo(text);
        assertThat(MimeUtility.decodeText(encoded)).isEqualTo(text);
    }

    @Test
    void encodeShouldSplitEncodedWordsBetweenCharactersNotInsideThem() throws Exception {
        String text = "\uD83D\uDCE7".repeat(30) + " Grüße 日本語の件名";

        String encoded = HeaderText.encode(text, 23);

        assertThat(encoded.split(" ")).allSatisfy(word -> assertThat(word)
                .matches(Pattern.compile("=\\?UTF-8\\?[BQ]\\?[^ ?]+\\?=")).hasSizeLessThanOrEqualTo(75));
        assertThat(MimeUtility.decodeText(encoded)).isEqualTo(text);
    }
}
