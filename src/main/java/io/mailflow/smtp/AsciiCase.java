package io.mailflow.smtp;

/**
 * Case-insensitive matching of protocol words (verbs, ESMTP keywords and values, mechanism names):
 * ASCII letters only, as RFC 5321 §2.4 means it. Java's Unicode case mapping would fold other
 * letters into ASCII words (dotless ı to I, long ſ to S, the ligature ﬆ to ST), so that
 * {@code maıl FROM:} would be taken for MAIL by us and for nothing by the next hop.
 */
final class AsciiCase {

    private AsciiCase() {
    }

    /** The text with a-z made A-Z and every other character left alone. */
    static String upper(String s) {
        char[] c = s.toCharArray();
        for (int i = 0; i < c.length; i++) {
            c[i] = upper(c[i]);
        }
        return new String(c);
    }

    /** The text with A-Z made a-z and every other character left alone. */
    static String lower(String s) {
        char[] c = s.toCharArray();
        for (int i = 0; i < c.length; i++) {
            if (c[i] >= 'A' && c[i] <= 'Z') {
                c[i] = (char) (c[i] + ('a' - 'A'));
            }
        }
        return new String(c);
    }

    /** True when {@code s} holds {@code word} at {@code offset}, ASCII letters compared without case. */
    static boolean regionMatches(String s, int offset, String word) {
        if (offset < 0 || s.length() - offset < word.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if (upper(s.charAt(offset + i)) != upper(word.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean equalsIgnoreCase(String s, String word) {
        return s.length() == word.length() && regionMatches(s, 0, word);
    }

    private static char upper(char c) {
        return c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c;
    }
}
