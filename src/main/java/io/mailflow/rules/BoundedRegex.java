package io.mailflow.rules;

import java.util.regex.Pattern;

/**
 * Regular-expression matching with a bound on its work, so that a pattern with catastrophic
 * backtracking (e.g. {@code (a+)+$}) cannot stall a session. The matcher reads the text through a
 * character sequence that counts every read and gives up past a budget proportional to the text;
 * Java's regex engine reads the input only through {@code charAt}, so the count is its work.
 */
final class BoundedRegex {

    /** Reads allowed per character of text, beyond a fixed allowance: far above any sane pattern's need. */
    static final long READS_PER_CHAR = 200;
    static final long BASE_READS = 1_000_000;

    /** The match gave up: the pattern needed more work than the budget. */
    static final class TooExpensive extends RuntimeException {
        TooExpensive(Pattern p) {
            super("pattern /" + p.pattern() + "/ exceeded its matching budget", null, false, false);
        }
    }

    private BoundedRegex() {
    }

    /** True when the pattern matches anywhere in the text; throws TooExpensive past the budget. */
    static boolean find(Pattern p, String text) {
        long budget = BASE_READS + READS_PER_CHAR * text.length();
        try {
            return p.matcher(new Counting(text, budget, p)).find();
        } catch (StackOverflowError deepRecursion) {
            throw new TooExpensive(p); // some patterns recurse per character on long inputs
        }
    }

    private static final class Counting implements CharSequence {
        private final String text;
        private final Pattern pattern;
        private long left;

        Counting(String text, long budget, Pattern pattern) {
            this.text = text;
            this.left = budget;
            this.pattern = pattern;
        }

        @Override
        public char charAt(int index) {
            if (--left < 0) {
                throw new TooExpensive(pattern);
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.substring(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
