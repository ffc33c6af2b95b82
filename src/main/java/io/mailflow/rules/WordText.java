package io.mailflow.rules;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * A text searched for whole words, case-insensitively, as Exchange's ContainsWords conditions
 * do. The first few single words are searched in the text; once many are asked for, the text's
 * words are indexed, so that a large rule set costs a set lookup per word. Phrases and words of
 * scripts written without spaces are always searched in the text.
 */
final class WordText {

    /** Searches of the text before its words are indexed: an index costs about as much as this many searches. */
    private static final int SEARCHES_BEFORE_INDEX = 4;

    private final String text;
    private final String lower;
    private Set<String> words;
    private int searches;

    WordText(String text) {
        this.text = text;
        this.lower = text.toLowerCase(Locale.ROOT);
    }

    String text() {
        return text;
    }

    /** The text in lower case (Locale.ROOT). */
    String lower() {
        return lower;
    }

    /** True when {@code word} (a word or phrase) occurs as whole words. */
    boolean contains(String word) {
        String w = normalize(word);
        if (w.isEmpty()) {
            return false;
        }
        if (isSimpleWord(w) && (words != null || ++searches > SEARCHES_BEFORE_INDEX)) {
            return index().contains(w);
        }
        if (words != null && isPhraseOfSimpleWords(w)) {
            for (String part : w.split(" ")) {
                if (!words.contains(part)) {
                    return false; // a phrase needs each of its words
                }
            }
        }
        for (int at = lower.indexOf(w); at >= 0; at = lower.indexOf(w, at + 1)) {
            if (boundary(at - 1, w.codePointAt(0)) && boundary(at + w.length(), w.codePointBefore(w.length()))) {
                return true;
            }
        }
        return false;
    }

    private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile("\\s+");

    private static String normalize(String word) {
        String w = word.strip().toLowerCase(Locale.ROOT);
        return w.indexOf(' ') < 0 && w.indexOf('\t') < 0 ? w : SPACES.matcher(w).replaceAll(" ");
    }

    private static boolean isPhraseOfSimpleWords(String w) {
        for (String part : w.split(" ")) {
            if (part.isEmpty() || !isSimpleWord(part)) {
                return false;
            }
        }
        return true;
    }

    /** Letters and digits only, none from a script written without spaces. */
    private static boolean isSimpleWord(String w) {
        return w.codePoints().allMatch(c -> Character.isLetterOrDigit(c) && !unspaced(c));
    }

    /** The character before/after a match ends a word there. */
    private boolean boundary(int at, int edge) {
        if (at < 0 || at >= lower.length()) {
            return true;
        }
        int c = lower.codePointAt(at);
        return !Character.isLetterOrDigit(c) || unspaced(c) || unspaced(edge);
    }

    /** Scripts written without spaces between words (CJK, Thai): any position is a word boundary. */
    private static boolean unspaced(int c) {
        if (c < 0x0E00) {
            return false; // below Thai: Latin, Greek, Cyrillic, Arabic, ... (the common case, decided without a lookup)
        }
        Character.UnicodeScript s = Character.UnicodeScript.of(c);
        return s == Character.UnicodeScript.HAN || s == Character.UnicodeScript.HIRAGANA || s == Character.UnicodeScript.KATAKANA
                || s == Character.UnicodeScript.HANGUL || s == Character.UnicodeScript.THAI;
    }

    private Set<String> index() {
        if (words == null) {
            Set<String> set = new HashSet<>();
            int n = lower.length();
            int i = 0;
            while (i < n) {
                while (i < n && !isWordChar(lower.codePointAt(i))) {
                    i += Character.charCount(lower.codePointAt(i));
                }
                int start = i;
                while (i < n && isWordChar(lower.codePointAt(i))) {
                    i += Character.charCount(lower.codePointAt(i));
                }
                if (i > start) {
                    set.add(lower.substring(start, i));
                }
            }
            words = set;
        }
        return words;
    }

    private static boolean isWordChar(int c) {
        if (c < 0x80) {
            return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z';
        }
        return Character.isLetterOrDigit(c) && !unspaced(c);
    }
}
