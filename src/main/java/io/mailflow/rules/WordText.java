package io.mailflow.rules;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * A text searched for whole words, case-insensitively, as Exchange's ContainsWords conditions
 * do. Its words are indexed once, so that rules with many single words cost a set lookup each;
 * phrases and words of scripts written without spaces are searched in the text.
 */
final class WordText {

    private final String text;
    private final String lower;
    private Set<String> words;

    WordText(String text) {
        this.text = text;
        this.lower = text.toLowerCase(Locale.ROOT);
    }

    String text() {
        return text;
    }

    /** True when {@code word} (a word or phrase) occurs as whole words. */
    boolean contains(String word) {
        String w = normalize(word);
        if (w.isEmpty()) {
            return false;
        }
        if (isSimpleWord(w)) {
            return index().contains(w);
        }
        for (int at = lower.indexOf(w); at >= 0; at = lower.indexOf(w, at + 1)) {
            if (boundary(at - 1, w.codePointAt(0)) && boundary(at + w.length(), w.codePointBefore(w.length()))) {
                return true;
            }
        }
        return false;
    }

    private static String normalize(String word) {
        return word.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
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
        return Character.isLetterOrDigit(c) && !unspaced(c);
    }
}
