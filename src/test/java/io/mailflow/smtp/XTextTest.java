package io.mailflow.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class XTextTest {

    /** RFC 3461 §4: xchar except '+' and '=', or '+' and two upper-case hex digits. */
    private static final String XTEXT = "([!-*,-<>-~]|\\+[0-9A-F]{2})*";

    @Test
    void decodeShouldTurnHexcharIntoCharacter() {
        assertThat(XText.decode("+2B")).isEqualTo("+");
        assertThat(XText.decode("+3D")).isEqualTo("=");
        assertThat(XText.decode("a+2Bb@x.example")).isEqualTo("a+b@x.example");
        assertThat(XText.decode("+41+42C")).isEqualTo("ABC");
        assertThat(XText.decode("+20")).isEqualTo(" ");
    }

    @Test
    void decodeShouldKeepPlainXcharsAsTheyAre() {
        String printable = "!\"#$%&'()*,-./0123456789:;<>?@ABCXYZ[\\]^_`abcxyz{|}~";

        assertThat(XText.decode(printable)).isEqualTo(printable);
        assertThat(XText.decode("")).isEmpty();
    }

    @Test
    void decodeShouldDecodeUtf8OctetsIntoCharacters() {
        assertThat(XText.decode("j+C3+B6rg@+E4+BE+8B+E3+81+88.jp")).isEqualTo("jörg@例え.jp");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+2b", "+a0", "+2", "+", "a+", "ab+4", "=", "a=b", "a b", " ", "\t", "a\r\nb", "+G1", "+-1",
        "+ 1", "é", "例", "\u007f", "+\uFF12B", "+\u0662B", "+C3"})
    void decodeShouldRejectMalformedXtext(String xtext) {
        assertThatIllegalArgumentException().isThrownBy(() -> XText.decode(xtext));
    }

    @Test
    void encodeShouldEscapePlusEqualsAndCharactersOutsideXchar() {
        assertThat(XText.encode("a+b=c")).isEqualTo("a+2Bb+3Dc");
        assertThat(XText.encode("a b")).isEqualTo("a+20b");
        assertThat(XText.encode("é")).isEqualTo("+C3+A9");
        assertThat(XText.encode("plain@x.example")).isEqualTo("plain@x.example");
        assertThat(XText.encode("")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "a+b=c", "+=+=", "++", "==", "jörg@例え.jp", "😀 emoji", "tab\there\r\nnewline",
        "\u0000nul", "\u007fdel", "100% \"quoted\" <angle> [x]", "+2B"})
    void encodeShouldRoundTripThroughDecode(String text) {
        String encoded = XText.encode(text);

        assertThat(encoded).matches(XTEXT);
        assertThat(XText.decode(encoded)).isEqualTo(text);
    }

    @Test
    void encodeShouldRoundTripEveryAsciiCharacter() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 128; c++) {
            all.append(c);
        }
        String encoded = XText.encode(all.toString());

        assertThat(encoded).matches(XTEXT);
        assertThat(XText.decode(encoded)).isEqualTo(all.toString());
    }

    @Test
    void encodeShouldRoundTripRandomUnicodeStrings() {
        Random random = new Random(3461);
        for (int n = 0; n < 2000; n++) {
            StringBuilder b = new StringBuilder();
            int length = random.nextInt(20);
            for (int i = 0; i < length; i++) {
                int cp;
                do {
                    cp = switch (random.nextInt(4)) {
                        case 0 -> random.nextInt(128);
                        case 1 -> 128 + random.nextInt(0x800 - 128);
                        case 2 -> random.nextInt(0x10000);
                        default -> 0x10000 + random.nextInt(0x10FFFF - 0xFFFF);
                    };
                } while (Character.isSurrogate((char) cp) && cp < 0x10000);
                b.appendCodePoint(cp);
            }
            String text = b.toString();
            String encoded = XText.encode(text);

            assertThat(encoded).as("encoding of %s", text).matches(XTEXT);
            assertThat(XText.decode(encoded)).as("round trip of %s", encoded).isEqualTo(text);
        }
    }
}
