package io.mailflow.admin.web;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import io.mailflow.store.StoreException;
import io.mailflow.store.admin.AdminDirectory;

/**
 * The web pages' gate, run before each of them: a page needs a signed-in session (else the
 * browser is sent to the sign-in page), and a change needs, besides, the session's CSRF token in
 * the form, a request from this admin center's own origin, and an Administrator. A refused change
 * is answered 403 and changes nothing. Every page carries a Content-Security-Policy that allows
 * no inline script and nothing from elsewhere.
 */
public final class WebAccess {

    static final String SESSION_COOKIE = "mailflow_session";
    static final String LANGUAGE_COOKIE = "mailflow_lang";
    static final String ZONE_COOKIE = "mailflow_tz";
    static final String CSRF_FIELD = "csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String ATTRIBUTE = "mailflow.web.session";

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final WebSessions sessions;
    private final AdminDirectory directory;
    private final boolean https;

    public WebAccess(WebSessions sessions, AdminDirectory directory, boolean https) {
        this.sessions = sessions;
        this.directory = directory;
        this.https = https;
    }

    /** Paths anyone may fetch: the sign-in page, the language switch and the style and scripts. */
    static boolean isPublic(String path) {
        return path.equals("/login") || path.equals("/language") || path.startsWith("/static/");
    }

    /** True for the web admin center's paths: everything but the probe, the metrics and the API (those take credentials per request). */
    public static boolean isWebPath(String path) {
        return !(path.equals("/health") || path.equals("/metrics") || path.equals("/api") || path.startsWith("/api/"));
    }

    public void handle(Context ctx) throws StoreException {
        String path = ctx.path();
        if (!isWebPath(path)) {
            return;
        }
        headers(ctx);
        if (isPublic(path)) {
            if (ctx.method() == HandlerType.POST && !sameOrigin(ctx)) {
                refuse(ctx, "the request did not come from this admin center");
            }
            return;
        }
        Optional<WebSessions.WebSession> session = sessions.find(ctx.cookie(SESSION_COOKIE));
        if (session.isPresent() && !stillHolds(session.get())) {
            sessions.end(ctx.cookie(SESSION_COOKIE));
            session = Optional.empty();
        }
        if (session.isEmpty()) {
            if (ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD) {
                ctx.redirect("/login?next=" + java.net.URLEncoder.encode(path, StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
            } else {
                refuse(ctx, "not signed in (or the session ended): sign in again");
            }
            ctx.skipRemainingHandlers();
            return;
        }
        ctx.attribute(ATTRIBUTE, session.get());
        if (ctx.method() != HandlerType.GET && ctx.method() != HandlerType.HEAD) {
            String token = ctx.formParam(CSRF_FIELD);
            if (token == null) {
                token = ctx.header(CSRF_HEADER);
            }
            if (!sameOrigin(ctx) || token == null || !constantTimeEquals(token, session.get().csrfToken())) {
                refuse(ctx, "the form's security token is missing or wrong: reload the page and try again");
            } else if (!session.get().caller().role().mayChange()) {
                refuse(ctx, "'" + session.get().caller().name() + "' is " + session.get().caller().role() + ": it may look, not change");
            }
        }
    }

    /**
     * Whether the account is still there with the role it signed in with: {@code mailflow admin user
     * remove} runs in another process, so the directory is read at each request (as the API does)
     * and a removed or changed account's session ends at its next request.
     */
    private boolean stillHolds(WebSessions.WebSession session) throws StoreException {
        return directory.account(session.caller().name()).map(a -> a.role() == session.caller().role()).orElse(false);
    }

    /** The session of a request that passed {@link #handle}; null on a public page. */
    static WebSessions.WebSession session(Context ctx) {
        return ctx.attribute(ATTRIBUTE);
    }

    /** The page model of this request. */
    static WebPage page(Context ctx, String path) {
        return new WebPage(Texts.of(language(ctx)), path, session(ctx), zone(ctx));
    }

    static Language language(Context ctx) {
        return Language.choose(ctx.cookie(LANGUAGE_COOKIE), ctx.header("Accept-Language"));
    }

    /** The browser's time zone, which /static/app.js stores in a cookie; UTC until it has. */
    static ZoneId zone(Context ctx) {
        String id = ctx.cookie(ZONE_COOKIE);
        if (id != null && id.length() < 64) {
            try {
                return ZoneId.of(id);
            } catch (DateTimeException e) {
                // an unknown zone shows UTC
            }
        }
        return ZoneOffset.UTC;
    }

    /** Sets a cookie with the attributes every cookie of ours has; {@code maxAge} -1 for the browser's session. */
    void cookie(Context ctx, String name, String value, long maxAgeSeconds, boolean httpOnly) {
        StringBuilder c = new StringBuilder(name).append('=').append(value).append("; Path=/; SameSite=Strict");
        if (maxAgeSeconds >= 0) {
            c.append("; Max-Age=").append(maxAgeSeconds);
        }
        if (httpOnly) {
            c.append("; HttpOnly");
        }
        if (https) {
            c.append("; Secure");
        }
        ctx.res().addHeader("Set-Cookie", c.toString());
    }

    private static void headers(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("X-Frame-Options", "DENY");
        if (!ctx.path().startsWith("/static/")) {
            ctx.header("Cache-Control", "no-store");
        }
    }

    /**
     * A change must come from a page of this admin center: browsers send Origin with every POST,
     * and one naming another site (or "null") is refused, on top of SameSite and the CSRF token.
     */
    private static boolean sameOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null) {
            return true; // not a browser's cross-site form; the CSRF token still decides
        }
        try {
            URI o = URI.create(origin);
            String host = ctx.header("Host");
            return o.getHost() != null && host != null && (o.getAuthority().equalsIgnoreCase(host));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static void refuse(Context ctx, String detail) {
        ctx.status(HttpStatus.FORBIDDEN).contentType("text/plain; charset=utf-8").result(detail);
        ctx.skipRemainingHandlers();
    }
}
