package io.mailflow.rules;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

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

    /** Case-insensitive patterns rewritten to run case-sensitively on lower-cased text (none when not possible). */
    private static final Map<Pattern, Optional<Pattern>> LOWER_FORMS = Collections.synchronizedMap(new WeakHashMap<>());

    private BoundedRegex() {
    }

    /**
     * Like {@link #find(Pattern, String)} on a word text. A case-insensitive pattern is matched in
     * its lower-case form against the lower-cased text when that means the same: Java's
     * case-insensitive matching is several times slower, and a rule set runs its patterns over
     * whole message bodies.
     */
    static boolean find(Pattern p, WordText text) {
        Optional<Pattern> lower = LOWER_FORMS.computeIfAbsent(p, BoundedRegex::lowerForm);
        if (lower.isEmpty()) {
            return find(p, text.text());
        }
        String prefix = REQUIRED_PREFIXES.computeIfAbsent(lower.get(), BoundedRegex::requiredPrefix);
        if (!prefix.isEmpty() && !text.lower().contains(prefix)) {
            return false; // String.contains is vectorised; the regex engine scans a character at a time
        }
        return find(lower.get(), text.lower());
    }

    /** Literal text every match starts with ("" when there is none worth checking). */
    private static final Map<Pattern, String> REQUIRED_PREFIXES = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * The literal characters every match of the pattern begins with: the run of plain characters
     * at its start (after a {@code ^}), less a last character that a quantifier makes optional.
     * Nothing for patterns with alternation, where the run belongs to one alternative only.
     */
    static String requiredPrefix(Pattern p) {
        String src = p.pattern();
        if (src.indexOf('|') >= 0) {
            return "";
        }
        int i = src.startsWith("^") ? 1 : 0;
        StringBuilder b = new StringBuilder();
        for (; i < src.length(); i++) {
            char c = src.charAt(i);
            if ("\\^$.|?*+()[]{}".indexOf(c) >= 0) {
                break;
            }
            b.append(c);
        }
        if (i < src.length() && "?*{".indexOf(src.charAt(i)) >= 0 && b.length() > 0) {
            b.setLength(b.length() - 1); // "ab?c": the b is optional
        }
        return b.length() >= 3 ? b.toString() : "";
    }

    /**
     * The pattern with its literals in lower case and without CASE_INSENSITIVE, when that is
     * equivalent on lower-cased text: escapes keep their letters ({@code \D} is not {@code \d});
     * patterns with escapes that name exact characters or case-dependent classes ({@code \x41},
     * {@code \u0041}, {@code \p{Lu}}), quoting or inline flags are left as they are.
     */
    static Optional<Pattern> lowerForm(Pattern p) {
        String src = p.pattern();
        if ((p.flags() & Pattern.CASE_INSENSITIVE) == 0 || src.contains("(?") || src.matches("(?s).*\\\\[pPxuU0cNQ].*")) {
            return Optional.empty();
        }
        StringBuilder b = new StringBuilder(src.length());
        for (int i = 0; i < src.length(); i++) {
            char c = src.charAt(i);
            if (c == '\\' && i + 1 < src.length()) {
                b.append(c).append(src.charAt(++i)); // an escape keeps its letter
            } else {
                b.append(Character.toLowerCase(c));
            }
        }
        try {
            return Optional.of(Pattern.compile(b.toString(), p.flags() & ~(Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)));
        } catch (PatternSyntaxException e) {
            return Optional.empty();
        }
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
