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
}
