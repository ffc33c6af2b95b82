package io.mailflow.model;

import java.net.IDN;
import java.util.Locale;

/**
 * Domain-name syntax and normalisation. Every domain Mailflow compares is first turned into its
 * lower-case ASCII form (A-labels for internationalised names, RFC 5890), so that
 * {@code Contoso.TEST}, {@code contoso.test} and an IDN written in Unicode all compare equal.
 */
public final class Domains {

    private Domains() {
    }

    /**
     * Returns the normalised form of a domain name, or throws if it is not a valid host name
     * (RFC 5321 §4.1.2 {@code Domain}: dot-separated labels of letters, digits and hyphens).
     */
    public static String normalize(String domain) {
        if (domain == null || domain.isEmpty()) {
            throw new IllegalArgumentException("empty domain");
        }
        String ascii;
        if (isPlainAscii(domain)) {
            ascii = domain; // the common case; IDN conversion is costly and would not change it
        } else {
            try {
                ascii = IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not a valid domain name: '" + domain + "'");
            }
        }
        ascii = ascii.toLowerCase(Locale.ROOT);
        if (ascii.isEmpty() || ascii.length() > 253 || ascii.endsWith(".") || ascii.startsWith(".")
                || ascii.contains("..")) {
            throw new IllegalArgumentException("not a valid domain name: '" + domain + "'");
        }
        for (String label : ascii.split("\\.")) {
            if (label.length() > 63 || label.startsWith("-") || label.endsWith("-")
                    || !label.chars().allMatch(c -> c == '-' || Character.isLetterOrDigit(c) && c < 128)) {
                throw new IllegalArgumentException("not a valid domain name: '" + domain + "'");
            }
        }
        return ascii;
    }

    private static boolean isPlainAscii(String domain) {
        for (int i = 0; i < domain.length(); i++) {
            char c = domain.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.')) {
                return false;
            }
        }
        return !domain.regionMatches(true, 0, "xn--", 0, 4) && !domain.toLowerCase(Locale.ROOT).contains(".xn--");
    }

    public static boolean isValid(String domain) {
        try {
            normalize(domain);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** True when {@code domain} equals {@code parent} or is one of its subdomains (both normalised). */
    public static boolean isSameOrSubdomain(String domain, String parent) {
        return domain.equals(parent) || domain.endsWith("." + parent);
    }
}
