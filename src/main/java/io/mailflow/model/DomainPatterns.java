package io.mailflow.model;

import java.util.List;
import java.util.Locale;

/** Matching of the domain patterns connectors use: {@code domain}, {@code *.domain} (and the domain itself), {@code *}. */
public final class DomainPatterns {

    private DomainPatterns() {
    }

    /** True when the normalised {@code domain} matches the pattern. */
    public static boolean matches(String pattern, String domain) {
        String p = pattern.toLowerCase(Locale.ROOT);
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
