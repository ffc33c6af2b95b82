package io.mailflow.admin.web;

import java.text.MessageFormat;
import java.util.EnumMap;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The web admin center's strings in one language, from {@code web/messages*.properties} (UTF-8).
 * A key missing in Japanese is a bug that {@code TextsTest} finds; at run time it falls back to
 * English (the base bundle) rather than show a key.
 */
public final class Texts {

    private static final Map<Language, Texts> ALL = new EnumMap<>(Language.class);

    static {
        for (Language l : Language.values()) {
            ALL.put(l, new Texts(l, ResourceBundle.getBundle("web.messages", l.locale(), ResourceBundle.Control.getNoFallbackControl(
                    ResourceBundle.Control.FORMAT_PROPERTIES))));
        }
    }

    private final Language language;
    private final ResourceBundle bundle;

    private Texts(Language language, ResourceBundle bundle) {
        this.language = language;
        this.bundle = bundle;
    }

    public static Texts of(Language language) {
        return ALL.get(language);
    }

    public Language language() {
        return language;
    }

    /** The string for {@code key}, its {@code {0}}… filled with {@code args} when there are any. */
    public String get(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            return key; // in neither this language nor the English base bundle (which every bundle falls back to)
        }
        return args.length == 0 ? pattern : new MessageFormat(pattern, language.locale()).format(args);
    }
}
