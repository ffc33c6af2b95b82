package io.mailflow.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A pattern's work is bounded: catastrophic backtracking gives up instead of running for hours. */
class BoundedRegexTest {

    private static final Pattern EVIL = Pattern.compile("^(.*a){15}b");

    @Test
    void aCatastrophicPatternShouldGiveUpQuickly() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> BoundedRegex.find(EVIL, "a".repeat(40) + "!")).isInstanceOf(BoundedRegex.TooExpensive.class);
        assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds").isLessThan(2_000);
    }

    @Test
    void ordinaryMatchingShouldBeUnaffected() {
        assertThat(BoundedRegex.find(EVIL, "a".repeat(20) + "b")).isTrue();
        assertThat(BoundedRegex.find(Pattern.compile("invoice \\d+"), "Re: invoice 42 overdue")).isTrue();
        assertThat(BoundedRegex.find(Pattern.compile("invoice \\d+"), "x".repeat(200_000))).as("a long text within budget").isFalse();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            Invoice #\\d+          | Re: INVOICE #42 overdue     | true
            [A-Z]{3}-\\d{2}         | ref abc-12 here             | true
            [^A-Z ]+@                | see Bob@x                   | false
            \\D{3}\\d              | ABC1                        | true
            \\Bice\\b               | INVOICE                     | true
            \\x41BC                 | abc                         | true
            \\p{Lu}{3}              | ABC                         | true
            GRÜẞE                    | viele grüße                 | true
            colou?r                  | Favourite COLOR             | true
            ^Subject line            | subject LINE 2              | true
            abcd{0,2}e               | xx ABCE yy                  | true
            order \\d{4}            | ORDER 99                    | false
            """)
    void aCaseInsensitivePatternShouldMeanTheSameOnLowerCasedText(String pattern, String text, boolean expected) {
        Pattern p = Pattern.compile(pattern, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        assertThat(BoundedRegex.find(p, text)).as("the pattern itself").isEqualTo(expected);
        assertThat(BoundedRegex.find(p, new WordText(text))).as("through the lower-case form").isEqualTo(expected);
    }
}
