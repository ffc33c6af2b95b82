package io.mailflow.admin.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.mailflow.admin.AdminLogin;
import io.mailflow.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;

/**
 * Sign-in, sign-out, the language switch and the static files: the routes a browser reaches
 * before it is signed in.
 */
final class SignInRoutes {

    /** The files under /static: name, class-path resource, type. Nothing else is served (no directory walking). */
    private static final Map<String, String[]> STATIC = Map.of(
            "app.css", new String[] {"/web/static/app.css", "text/css; charset=utf-8"},
            "app.js", new String[] {"/web/static/app.js", "text/javascript; charset=utf-8"},
            "htmx.min.js", new String[] {"/META-INF/resources/webjars/htmx.org/2.0.8/dist/htmx.min.js", "text/javascript; charset=utf-8"});

    private final AdminLogin login;
    private final WebSessions sessions;
    private final WebAccess access;

    SignInRoutes(AdminLogin login, WebSessions sessions, WebAccess access) {
        this.login = login;
        this.sessions = sessions;
        this.access = access;
    }

    void register(RoutesConfig routes) {
        routes.get("/login", ctx -> form(ctx, null, HttpStatus.OK));
        routes.post("/login", this::signIn);
        routes.post("/logout", this::signOut);
        routes.get("/language", this::language);
        routes.get("/static/{file}", SignInRoutes::file);
    }

    private void form(Context ctx, String error, HttpStatus status) {
        ctx.status(status);
        Views.render(ctx, "login", WebAccess.page(ctx, "/login"), "error", error,
                "next", next(ctx.queryParam("next") != null ? ctx.queryParam("next") : ctx.formParam("next")),
                "name", ctx.formParam("name"));
    }

    private void signIn(Context ctx) throws StoreException {
        String name = ctx.formParam("name");
        String password = ctx.formParam("password");
        Texts t = Texts.of(WebAccess.language(ctx));
        if (name == null || name.isBlank() || password == null || password.isEmpty()) {
            form(ctx, t.get("login.missing"), HttpStatus.BAD_REQUEST);
            return;
        }
        char[] secret = password.toCharArray();
        try {
            switch (login.attempt(ctx.ip(), name.strip(), secret)) {
                case AdminLogin.SignedIn in -> {
                    var started = sessions.start(in.caller());
                    access.cookie(ctx, WebAccess.SESSION_COOKIE, started.cookieValue(), -1, true);
                    ctx.redirect(next(ctx.formParam("next")), HttpStatus.SEE_OTHER);
                }
                case AdminLogin.Refused r -> form(ctx, t.get("login.wrong"), HttpStatus.UNAUTHORIZED);
                case AdminLogin.Throttled th -> {
                    ctx.header("Retry-After", Long.toString(th.retryAfterSeconds()));
                    form(ctx, t.get("login.throttled", th.retryAfterSeconds()), HttpStatus.TOO_MANY_REQUESTS);
                }
                case AdminLogin.Busy b -> form(ctx, t.get("login.busy"), HttpStatus.SERVICE_UNAVAILABLE);
            }
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    private void signOut(Context ctx) {
        sessions.end(ctx.cookie(WebAccess.SESSION_COOKIE));
        access.cookie(ctx, WebAccess.SESSION_COOKIE, "", 0, true);
        ctx.redirect("/login", HttpStatus.SEE_OTHER);
    }

    /** The switcher: remembers the language for a year and goes back to the page it was used on. */
    private void language(Context ctx) {
        Language l = Language.of(ctx.queryParam("lang"));
        if (l != null) {
            access.cookie(ctx, WebAccess.LANGUAGE_COOKIE, l.name(), 365L * 24 * 3600, false);
        }
        ctx.redirect(next(ctx.queryParam("back")), HttpStatus.SEE_OTHER);
    }

    /** A path on this admin center to go to: anything else (another site, //host) goes to the dashboard. */
    static String next(String path) {
        if (path == null || !path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\") || path.startsWith("/login")) {
            return "/";
        }
        for (char c : path.toCharArray()) {
            if (c < 0x21 || c == 0x7f) {
                return "/";
            }
        }
        return path;
    }

    private static void file(Context ctx) throws IOException {
        String[] f = STATIC.get(ctx.pathParam("file"));
        InputStream in = f == null ? null : SignInRoutes.class.getResourceAsStream(f[0]);
        if (in == null) {
            ctx.status(HttpStatus.NOT_FOUND).result("");
            return;
        }
        try (in) {
            ctx.contentType(f[1]).header("Cache-Control", "max-age=3600").result(in.readAllBytes());
        }
    }
}
