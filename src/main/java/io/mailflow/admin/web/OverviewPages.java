package io.mailflow.admin.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.mailflow.Gateway;
import io.mailflow.model.Configuration;
import io.mailflow.queue.QueueShape;
import io.mailflow.store.StoreException;
import java.time.Clock;

/**
 * The pages that show the running configuration and the gateway's state: Dashboard, Connectors
 * and Accepted domains. They read what the REST API reads (the running snapshot, the queue, the
 * configuration history) and decide nothing of their own.
 */
final class OverviewPages {

    /** How many configuration changes the dashboard lists. */
    private static final int RECENT_CHANGES = 5;

    private final Gateway gateway;
    private final Clock clock;

    OverviewPages(Gateway gateway, Clock clock) {
        this.gateway = gateway;
        this.clock = clock;
    }

    void register(RoutesConfig routes) {
        routes.get("/", this::dashboard);
        routes.get("/connectors", this::connectors);
        routes.get("/accepted-domains", this::acceptedDomains);
    }

    private void dashboard(Context ctx) throws StoreException {
        var hops = QueueShape.summarize(gateway.queue().list(), clock.instant(), gateway.queue().suspendedNextHops());
        Views.render(ctx, "dashboard", WebAccess.page(ctx, "/"), "queued", gateway.queue().size(), "nextHops", hops,
                "version", gateway.config().version(), "changes", gateway.configuration().history(RECENT_CHANGES));
    }

    private void connectors(Context ctx) {
        Configuration c = gateway.config().configuration();
        Views.render(ctx, "connectors", WebAccess.page(ctx, "/connectors"), "outbound", c.outboundConnectors(),
                "inbound", c.inboundConnectors());
    }

    private void acceptedDomains(Context ctx) {
        Views.render(ctx, "acceptedDomains", WebAccess.page(ctx, "/accepted-domains"),
                "domains", gateway.config().configuration().acceptedDomains());
    }
}
