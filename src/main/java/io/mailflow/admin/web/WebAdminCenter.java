package io.mailflow.admin.web;

import io.javalin.config.RoutesConfig;
import io.mailflow.Gateway;
import io.mailflow.admin.AdminLogin;
import io.mailflow.store.admin.AdminDirectory;
import java.time.Clock;

/**
 * The web admin center on the admin listener at {@code /}: server-rendered pages (templates
 * under {@code src/main/jte}, compiled by the build) over the same services as the REST API, with
 * htmx for progressive enhancement only. See docs/web-admin-center.md.
 */
public final class WebAdminCenter {

    private final Gateway gateway;
    private final Clock clock;
    private final AdminLogin login;
    private final WebSessions sessions;
    private final WebAccess access;

    /** @param https whether the admin listener serves HTTPS (session cookies are then Secure) */
    public WebAdminCenter(Gateway gateway, AdminLogin login, AdminDirectory directory, Clock clock, boolean https) {
        this.gateway = gateway;
        this.clock = clock;
        this.login = login;
        this.sessions = new WebSessions(clock);
        this.access = new WebAccess(sessions, directory, https);
    }

    /** The gate every web request passes first (it lets the API's and the probe's paths through untouched). */
    public void before(io.javalin.http.Context ctx) throws io.mailflow.store.StoreException {
        access.handle(ctx);
    }

    public void register(RoutesConfig routes) {
        new SignInRoutes(login, sessions, access).register(routes);
        new OverviewPages(gateway, clock).register(routes);
        new QueuePages(gateway, clock).register(routes);
    }
}
