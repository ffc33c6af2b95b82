package io.mailflow.admin;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import io.mailflow.store.StoreException;
import io.mailflow.store.admin.AdminDirectory;
import io.mailflow.store.admin.ApiToken;
import io.mailflow.store.admin.ApiTokens;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * Every admin request but {@code /health} names its caller: {@code Authorization: Bearer TOKEN}
 * (a named token, neither expired nor revoked) or HTTP Basic with an admin account. The directory
 * is read at each request, so a token created or revoked by {@code mailflow admin} while the
 * gateway runs counts at once. A ViewOnly caller may only read, and never a secret.
 */
final class AdminAuthorization {

    private static final Set<HandlerType> READS = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);
    private static final String CHALLENGE = "Bearer realm=\"Mailflow\", Basic realm=\"Mailflow\", charset=\"UTF-8\"";

    private final AdminDirectory directory;
    private final AdminLogin login;
    private final Clock clock;

    AdminAuthorization(AdminDirectory directory, AdminLogin login, Clock clock) {
        this.directory = directory;
        this.login = login;
        this.clock = clock;
    }

    /** True for the paths this class guards: the API and the metrics; the web pages have their own sign-in. */
    static boolean guards(String path) {
        return !path.equals("/health") && !io.mailflow.admin.web.WebAccess.isWebPath(path);
    }

    void handle(Context ctx) throws StoreException {
        if (!guards(ctx.path())) {
            return; // /health carries no credentials; the web pages are web.WebAccess's
        }
        String header = ctx.header("Authorization");
        Optional<Caller> caller;
        if (header == null || header.isBlank()) {
            refuse(ctx, HttpStatus.UNAUTHORIZED, "no credentials: send 'Authorization: Bearer TOKEN' (mailflow admin token create)"
                    + " or HTTP Basic with an admin account");
            return;
        } else if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            caller = bearer(ctx, header.substring(7).trim());
        } else if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            caller = basic(ctx, header.substring(6).trim());
        } else {
            refuse(ctx, HttpStatus.UNAUTHORIZED, "the Authorization header is neither Bearer nor Basic");
            return;
        }
        if (caller.isEmpty()) {
            return; // refused already
        }
        if (!READS.contains(ctx.method()) && !caller.get().role().mayChange()) {
            refuse(ctx, HttpStatus.FORBIDDEN, "'" + caller.get().name() + "' is " + caller.get().role() + ": it may read, not change");
            return;
        }
        ctx.attribute(Caller.ATTRIBUTE, caller.get());
    }

    /**
     * A route that answers a whole configuration document, password hashes included: the document
     * must stay appliable as it is, so it is not redacted but kept from callers who may not change
     * it. Wraps the route's handler (matched by Javalin, so no spelling of the path gets past it).
     */
    static Handler withSecrets(Handler route) {
        return ctx -> {
            Caller caller = Caller.of(ctx);
            if (!caller.role().mayChange()) {
                refuse(ctx, HttpStatus.FORBIDDEN, "'" + caller.name() + "' is " + caller.role() + ": the whole configuration"
                        + " document carries secrets (password hashes); read the objects under /api/v1 instead");
                return;
            }
            route.handle(ctx);
        };
    }

    private Optional<Caller> bearer(Context ctx, String token) throws StoreException {
        Optional<ApiToken> found = directory.tokenByHash(ApiTokens.hash(token));
        Instant now = clock.instant();
        if (found.isEmpty()) {
            refuse(ctx, HttpStatus.UNAUTHORIZED, "the token is not known");
        } else if (found.get().revoked() != null) {
            refuse(ctx, HttpStatus.UNAUTHORIZED, "the token '" + found.get().name() + "' was revoked");
        } else if (!found.get().usableAt(now)) {
            refuse(ctx, HttpStatus.UNAUTHORIZED, "the token '" + found.get().name() + "' expired at " + found.get().expires());
        } else {
            ApiToken t = found.get();
            return Optional.of(t.name().equals(AdminServer.LOCAL_TOKEN) ? new Caller.LocalCli() : new Caller.Token(t.name(), t.role()));
        }
        return Optional.empty();
    }

    private Optional<Caller> basic(Context ctx, String encoded) throws StoreException {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            refuse(ctx, HttpStatus.UNAUTHORIZED, "the Basic credentials are not base64");
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 1) {
            refuse(ctx, HttpStatus.UNAUTHORIZED, "the Basic credentials are not NAME:PASSWORD");
            return Optional.empty();
        }
        String name = decoded.substring(0, colon);
        char[] password = decoded.substring(colon + 1).toCharArray();
        try {
            return switch (login.attempt(ctx.ip(), name, password)) {
                case AdminLogin.SignedIn in -> Optional.of(in.caller());
                case AdminLogin.Refused r -> {
                    refuse(ctx, HttpStatus.UNAUTHORIZED, "wrong account name or password");
                    yield Optional.empty();
                }
                case AdminLogin.Throttled t -> {
                    ctx.header("Retry-After", Long.toString(t.retryAfterSeconds()));
                    refuse(ctx, HttpStatus.TOO_MANY_REQUESTS, "too many failed logins from this address or for this account;"
                            + " try again later");
                    yield Optional.empty();
                }
                case AdminLogin.Busy b -> {
                    ctx.header("Retry-After", "1");
                    refuse(ctx, HttpStatus.SERVICE_UNAVAILABLE, "the password checks are busy; try again");
                    yield Optional.empty();
                }
            };
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static void refuse(Context ctx, HttpStatus status, String detail) {
        if (status == HttpStatus.UNAUTHORIZED) {
            ctx.header("WWW-Authenticate", CHALLENGE);
        }
        ObjectRoutes.problem(ctx, status, detail, null);
        ctx.skipRemainingHandlers();
    }
}
