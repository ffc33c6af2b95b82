package io.mailflow.model;

import java.util.Locale;

/**
 * An address as an operator searches for it (message trace, queue): {@code *} stands for any
 * run of characters, everything else is literal, and case never counts ({@code *@Contoso.test},
 * {@code alice*}). Without a {@code *} it is the whole address, as Exchange's message trace takes it.
 *
 * @param text the pattern as given, stripped and lower-cased
 */
public record AddressPattern(String text) {

    /** The escape character of {@link #sqlLike()}; the SQL must say {@code ESCAPE '\'}. */
    public static final char LIKE_ESCAPE = '\\';

    public AddressPattern {
        text = text.strip().toLowerCase(Locale.ROOT);
    }

    public boolean hasWildcard() {
        return text.indexOf('*') >= 0;
    }

    /** True when the whole of {@code address} matches, without regard to case. */
    public boolean matches(String address) {
        if (address == null) {
            return false;
        }
        return matches(text, 0, address.toLowerCase(Locale.ROOT), 0);
    }

    /** Iterative glob match: the last {@code *} seen takes one more character whenever the rest fails. */
    private static boolean matches(String p, int pi, String s, int si) {
        int star = -1;
        int mark = 0;
        while (si < s.length()) {
            if (pi < p.length() && p.charAt(pi) != '*' && p.charAt(pi) == s.charAt(si)) {
                pi++;
                si++;
            } else if (pi < p.length() && p.charAt(pi) == '*') {
                star = pi++;
                mark = si;
            } else if (star >= 0) {
                pi = star + 1;
                si = ++mark;
            } else {
                return false;
            }
        }
        while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == p.length();
    }

    /**
     * The pattern for SQL {@code LIKE ? ESCAPE '\'}: {@code %}, {@code _} and the escape itself
     * are escaped so that they match only themselves, then {@code *} becomes {@code %}. Always a
     * bound parameter, never text in the statement.
     */
    public String sqlLike() {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '%', '_', LIKE_ESCAPE -> out.append(LIKE_ESCAPE).append(c);
                case '*' -> out.append('%');
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
