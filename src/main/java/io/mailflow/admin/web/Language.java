package io.mailflow.admin.web;

import java.util.List;
import java.util.Locale;

/** The languages the web admin center is written in. */
public enum Language {
    en(Locale.ENGLISH, "English"),
    ja(Locale.JAPANESE, "日本語");

    private final Locale locale;
    private final String ownName;

    Language(Locale locale, String ownName) {
        this.locale = locale;
        this.ownName = ownName;
    }

    public Locale locale() {
        return locale;
    }

    /** The language's name in itself, as the switcher shows it (a reader who cannot read the page still finds theirs). */
    public String ownName() {
        return ownName;
    }

    /** The language of a code such as {@code ja}; null when there is none. */
    public static Language of(String code) {
        for (Language l : values()) {
            if (l.name().equalsIgnoreCase(code)) {
                return l;
            }
        }
        return null;
    }

    /**
     * The language shown: the one the browser's user chose with the switcher (its cookie), else
     * the first of the browser's {@code Accept-Language} we have, else English.
     */
    public static Language choose(String chosen, String acceptLanguage) {
        Language picked = of(chosen);
        if (picked != null) {
            return picked;
        }
        if (acceptLanguage != null && !acceptLanguage.isBlank()) {
            try {
                List<Locale.LanguageRange> ranges = Locale.LanguageRange.parse(acceptLanguage);
                Locale best = Locale.lookup(ranges, List.of(Locale.ENGLISH, Locale.JAPANESE));
                if (best != null && of(best.getLanguage()) != null) {
                    return of(best.getLanguage());
                }
            } catch (IllegalArgumentException e) {
                // a malformed header chooses nothing
            }
        }
        return en;
    }
}
