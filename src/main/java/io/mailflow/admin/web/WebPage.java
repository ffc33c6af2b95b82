package io.mailflow.admin.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;

/**
 * What every page knows about its request: the language, the signed-in administrator (none on
 * the sign-in page), the CSRF token its forms carry and the time zone its dates are shown in.
 */
public record WebPage(Texts texts, String path, WebSessions.WebSession session, ZoneId zone) {

    /** A link of the {@code <nav>}: the main pages, in Exchange admin center's order. */
    public record NavItem(String path, String label, boolean current) {
    }

    /** The main pages: path and the key of their name. */
    static final List<String[]> MAIN_PAGES = List.of(
            new String[] {"/", "nav.dashboard"},
            new String[] {"/connectors", "nav.connectors"},
            new String[] {"/accepted-domains", "nav.acceptedDomains"},
            new String[] {"/queues", "nav.queues"});

    public String t(String key, Object... args) {
        return texts.get(key, args);
    }

    public String lang() {
        return texts.language().name();
    }

    public List<Language> languages() {
        return List.of(Language.values());
    }

    public boolean signedIn() {
        return session != null;
    }

    public String user() {
        return session == null ? null : session.caller().name();
    }

    public String role() {
        return session == null ? null : t("role." + session.caller().role().name());
    }

    /** Whether change controls are shown: a ViewOnly administrator sees none (and the server refuses the change anyway). */
    public boolean canChange() {
        return session != null && session.caller().role().mayChange();
    }

    public String csrf() {
        return session == null ? "" : session.csrfToken();
    }

    public List<NavItem> nav() {
        return MAIN_PAGES.stream().map(p -> new NavItem(p[0], t(p[1]), p[0].equals(path))).toList();
    }

    /** An instant in the administrator's time zone and language; "—" for none. */
    public String time(Instant at) {
        if (at == null) {
            return "—";
        }
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(texts.language().locale()).withZone(zone).format(at);
    }

    /** The time zone dates are shown in, as its id (Asia/Tokyo). */
    public String zoneName() {
        return zone.getId();
    }

    /** A duration as the largest two units (3 h 12 min), in this language. */
    public String age(Duration d) {
        if (d == null) {
            return "—";
        }
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return t("duration.seconds", s);
        }
        if (s < 3600) {
            return t("duration.minutes", s / 60, s % 60);
        }
        if (s < 86400) {
            return t("duration.hours", s / 3600, (s % 3600) / 60);
        }
        return t("duration.days", s / 86400, (s % 86400) / 3600);
    }

    /** "Yes" / "No" in this language. */
    public String yesNo(boolean b) {
        return t(b ? "common.yes" : "common.no");
    }
}
