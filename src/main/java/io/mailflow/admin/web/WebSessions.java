package io.mailflow.admin.web;

import io.mailflow.admin.Caller;
import io.mailflow.store.admin.ApiTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The web admin center's signed-in browsers. Sessions live in memory: a restart signs everyone
 * out, which costs a sign-in and keeps no credential on disk. A session ends after
 * {@link #IDLE} without a request, {@link #ABSOLUTE} after its sign-in, or at sign-out; its
 * cookie value is looked up by its hash, so the map holds nothing a browser could present.
 */
public final class WebSessions {

    static final Duration IDLE = Duration.ofMinutes(30);
    static final Duration ABSOLUTE = Duration.ofHours(12);
    /** At most this many at once; the least recently used one goes first (a script signing in in a loop cannot grow the heap). */
    static final int MAX = 1_000;

    /** One signed-in browser: who, and the token its forms must carry for a change. */
    public record WebSession(String hash, Caller.Account caller, String csrfToken, Instant created, Instant lastSeen) {

        WebSession seenAt(Instant now) {
            return new WebSession(hash, caller, csrfToken, created, now);
        }
    }

    /** A new session and the cookie value that names it (shown to the browser once). */
    public record Started(String cookieValue, WebSession session) {
    }

    private final Clock clock;
    private final Map<String, WebSession> byHash = new ConcurrentHashMap<>();

    public WebSessions(Clock clock) {
        this.clock = clock;
    }

    public Started start(Caller.Account caller) {
        Instant now = clock.instant();
        prune(now);
        while (byHash.size() >= MAX) {
            byHash.values().stream().min(Comparator.comparing(WebSession::lastSeen)).ifPresent(s -> byHash.remove(s.hash()));
        }
        String value = ApiTokens.generate();
        var session = new WebSession(ApiTokens.hash(value), caller, ApiTokens.generate(), now, now);
        byHash.put(session.hash(), session);
        return new Started(value, session);
    }

    /** The live session a cookie names, touched; empty when unknown or expired (and then forgotten). */
    public Optional<WebSession> find(String cookieValue) {
        if (cookieValue == null || cookieValue.isBlank()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        String hash = ApiTokens.hash(cookieValue);
        WebSession s = byHash.get(hash);
        if (s == null) {
            return Optional.empty();
        }
        if (expired(s, now)) {
            byHash.remove(hash);
            return Optional.empty();
        }
        WebSession touched = s.seenAt(now);
        byHash.put(hash, touched);
        return Optional.of(touched);
    }

    public void end(String cookieValue) {
        if (cookieValue != null) {
            byHash.remove(ApiTokens.hash(cookieValue));
        }
    }

    int size() {
        return byHash.size();
    }

    private static boolean expired(WebSession s, Instant now) {
        return !now.isBefore(s.lastSeen().plus(IDLE)) || !now.isBefore(s.created().plus(ABSOLUTE));
    }

    private void prune(Instant now) {
        byHash.values().removeIf(s -> expired(s, now));
    }
}
