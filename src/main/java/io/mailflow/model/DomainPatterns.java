package io.mailflow.model;

import java.util.List;
import java.util.Locale;

/** Matching of the domain patterns connectors use: {@code domain}, {@code *.domain} (and the domain itself), {@code *}. */
public final class DomainPatterns {

    private DomainPatterns() {
    }

    /**
     * A pattern in the form domains are compared in: lower case, and an internationalized name in
     * its A-label (xn--) form, as {@link Domains#normalize} gives recipient and sender domains
     * ({@code *.bücher.example} → {@code *.xn--bcher-kva.example}).
     */
    public static String normalize(String pattern) {
        if (pattern.equals("*")) {
            return pattern;
        }
        boolean wildcard = pattern.startsWith("*.");
        try {
            String domain = Domains.normalize(wildcard ? pattern.substring(2) : pattern);
            return wildcard ? "*." + domain : domain;
        } catch (IllegalArgumentException notADomain) {
            return pattern.toLowerCase(Locale.ROOT); // configuration validation reports it
        }
    }

    /** True when the normalised {@code domain} matches the pattern. */
    public static boolean matches(String pattern, String domain) {
        String p = normalize(pattern);
        if (p.equals("*")) {
            return true;
        }
        if (p.startsWith("*.")) {
            String base = p.substring(2);
            return domain.equals(base) || domain.endsWith("." + base);
        }
        return domain.equals(p);
    }

    public static boolean matchesAny(List<String> patterns, String domain) {
        return patterns.stream().anyMatch(p -> matches(p, domain));
    }
}
