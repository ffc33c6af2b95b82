package io.mailflow.rules;

import java.util.Locale;

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
    private WordSet words;
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

    private WordSet index() {
        if (words == null) {
            words = new WordSet(lower);
        }
        return words;
    }

    /**
     * The distinct words of a text, as ranges of the text itself in an open-addressing table: no
     * string or entry is allocated per word, which is where indexing a large body spent its time.
     */
    private static final class WordSet {
        private final String text;
        private long[] slots; // (start << 32 | length) + 1, or 0 for an empty slot
        private int[] hashes; // each slot's word's String.hashCode(), compared before the chars
        private int size;

        WordSet(String text) {
            this.text = text;
            int capacity = Integer.highestOneBit(Math.max(64, text.length() / 4)) * 2;
            this.slots = new long[capacity];
            this.hashes = new int[capacity];
            int n = text.length();
            int i = 0;
            while (i < n) {
                while (i < n && !isWordChar(text.codePointAt(i))) {
                    i += Character.charCount(text.codePointAt(i));
                }
                int start = i;
                int hash = 0;
                while (i < n && isWordChar(text.codePointAt(i))) {
                    int cp = text.codePointAt(i);
                    int width = Character.charCount(cp);
                    for (int k = 0; k < width; k++) {
                        hash = 31 * hash + text.charAt(i + k);
                    }
                    i += width;
                }
                if (i > start) {
                    add(((long) start << 32 | (i - start)) + 1, hash);
                }
            }
        }

        private void add(long word, int hash) {
            if (size * 2 >= slots.length) {
                grow();
            }
            int mask = slots.length - 1;
            for (int at = mix(hash) & mask;; at = (at + 1) & mask) {
                long slot = slots[at];
                if (slot == 0) {
                    slots[at] = word;
                    hashes[at] = hash;
                    size++;
                    return;
                }
                if (hashes[at] == hash && same(slot, text, (int) ((word - 1) >>> 32), (int) (word - 1))) {
                    return;
                }
            }
        }

        private void grow() {
            long[] oldSlots = slots;
            int[] oldHashes = hashes;
            slots = new long[oldSlots.length * 2];
            hashes = new int[oldSlots.length * 2];
            size = 0;
            for (int k = 0; k < oldSlots.length; k++) {
                if (oldSlots[k] != 0) {
                    add(oldSlots[k], oldHashes[k]);
                }
            }
        }

        boolean contains(String word) {
            int hash = word.hashCode();
            int mask = slots.length - 1;
            for (int at = mix(hash) & mask;; at = (at + 1) & mask) {
                long slot = slots[at];
                if (slot == 0) {
                    return false;
                }
                if (hashes[at] == hash && same(slot, word, 0, word.length())) {
                    return true;
                }
            }
        }

        /** True when the word in {@code slot} equals {@code other}'s chars [from, from + length). */
        private boolean same(long slot, String other, int from, int length) {
            long word = slot - 1;
            return (int) word == length && text.regionMatches((int) (word >>> 32), other, from, length);
        }

        private static int mix(int h) {
            return h ^ (h >>> 16);
        }
    }

    private static boolean isWordChar(int c) {
        if (c < 0x80) {
            return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z';
        }
        return Character.isLetterOrDigit(c) && !unspaced(c);
    }
}
