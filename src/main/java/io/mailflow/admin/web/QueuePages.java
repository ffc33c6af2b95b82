package io.mailflow.admin.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.mailflow.Gateway;
import io.mailflow.queue.QueueShape;
import io.mailflow.store.QueuedEntry;
import io.mailflow.store.StoreException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

/**
 * Queues: the next hops with their counts, oldest age and last error; the messages waiting for
 * one; retry, suspend and resume a next hop; retry or delete (with or without an NDR) the
 * messages ticked. The same queue operations as {@code /api/v1/queue}. Every change is a plain
 * form POST answered by a redirect back, so the page works without JavaScript.
 */
final class QueuePages {

    /** What the page can report as done, after a change (each a key queues.done.X). */
    private static final java.util.Set<String> DONE = java.util.Set.of("suspendHop", "resumeHop", "retryHop", "retry", "delete",
            "deleteWithNdr");

    private final Gateway gateway;
    private final Clock clock;

    QueuePages(Gateway gateway, Clock clock) {
        this.gateway = gateway;
        this.clock = clock;
    }

    void register(RoutesConfig routes) {
        routes.get("/queues", this::list);
        routes.post("/queues/next-hop", this::nextHop);
        routes.post("/queues/messages", this::messages);
    }

    private void list(Context ctx) throws StoreException {
        List<QueuedEntry> all = gateway.queue().list();
        String hop = blankless(ctx.queryParam("nextHop"));
        var filter = new QueueShape.Filter(hop, null, null, null);
        List<QueuedEntry> shown = all.stream().filter(filter::matches).toList();
        Views.render(ctx, "queues", WebAccess.page(ctx, "/queues"),
                "nextHops", QueueShape.summarize(all, clock.instant(), gateway.queue().suspendedNextHops()),
                "selectedHop", hop, "messages", shown, "done", done(ctx.queryParam("done")),
                "count", ctx.queryParamAsClass("count", Integer.class).getOrDefault(0));
    }

    private void nextHop(Context ctx) throws StoreException {
        String hop = blankless(ctx.formParam("nextHop"));
        String action = ctx.formParam("action");
        if (hop == null || action == null) {
            ctx.status(HttpStatus.BAD_REQUEST).result("nextHop and action are required");
            return;
        }
        Integer count = switch (action) {
            case "suspend" -> gateway.queue().suspend(hop) ? 1 : 0;
            case "resume" -> gateway.queue().resume(hop) ? 1 : 0;
            case "retry" -> gateway.queue().retryNextHop(hop);
            default -> null;
        };
        if (count == null) {
            ctx.status(HttpStatus.BAD_REQUEST).result("action is suspend, resume or retry");
            return;
        }
        back(ctx, hop, action + "Hop", count);
    }

    private void messages(Context ctx) throws StoreException {
        List<String> ids = ctx.formParams("id");
        String action = ctx.formParam("action");
        if (action == null || !List.of("retry", "delete", "deleteWithNdr").contains(action)) {
            ctx.status(HttpStatus.BAD_REQUEST).result("action is retry, delete or deleteWithNdr");
            return;
        }
        int changed = 0;
        for (String id : ids) {
            boolean found = switch (action) {
                case "retry" -> gateway.queue().retry(id);
                case "delete" -> gateway.queue().delete(id, false);
                default -> gateway.queue().delete(id, true);
            };
            changed += found ? 1 : 0;
        }
        back(ctx, blankless(ctx.formParam("nextHop")), action, changed);
    }

    /** Back to the list, which says what was done (one of {@link #DONE}) and to how many. */
    private static void back(Context ctx, String hop, String done, int count) {
        String to = "/queues?done=" + done + "&count=" + count
                + (hop == null ? "" : "&nextHop=" + URLEncoder.encode(hop, StandardCharsets.UTF_8));
        ctx.redirect(to, HttpStatus.SEE_OTHER);
    }

    private static String done(String done) {
        return done != null && DONE.contains(done) ? done : null;
    }

    private static String blankless(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
