package io.mailflow.admin;

import static io.mailflow.admin.OperationRoutes.checked;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.mailflow.Gateway;
import io.mailflow.admin.OperationRoutes.BadField;
import io.mailflow.model.AddressPattern;
import io.mailflow.queue.QueueShape;
import io.mailflow.store.QueuedEntry;
import io.mailflow.store.RecipientState;
import io.mailflow.store.StoredRecipient;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /api/v1/queue}: the queued messages (filtered, paged) with a summary per next hop, and
 * the operator's verbs on a message (retry, delete) and on a next hop (suspend, resume, retry).
 */
final class QueueRoutes {

    static final int MAX_PAGE_SIZE = 1000;

    private final Gateway gateway;

    QueueRoutes(Gateway gateway) {
        this.gateway = gateway;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/v1/queue", checked(this::list));
        routes.post("/api/v1/queue/{id}/retry", ctx -> found(ctx, gateway.queue().retry(ctx.pathParam("id")), "retried"));
        routes.delete("/api/v1/queue/{id}", checked(this::delete));
        routes.post("/api/v1/queue/nextHops/{nextHop}/suspend", ctx -> hop(ctx, "suspended", gateway.queue().suspend(hopOf(ctx))));
        routes.post("/api/v1/queue/nextHops/{nextHop}/resume", ctx -> hop(ctx, "resumed", gateway.queue().resume(hopOf(ctx))));
        routes.post("/api/v1/queue/nextHops/{nextHop}/retry", ctx -> ctx.json(Map.of("nextHop", hopOf(ctx),
                "messagesRetried", gateway.queue().retryNextHop(hopOf(ctx)))));
    }

    private static String hopOf(Context ctx) {
        return ctx.pathParam("nextHop");
    }

    private void list(Context ctx) throws BadField {
        var filter = new QueueShape.Filter(blankless(ctx.queryParam("nextHop")), state(ctx.queryParam("state")),
                pattern(ctx.queryParam("sender")), pattern(ctx.queryParam("recipient")));
        int page = OperationRoutes.number(ctx, "page", 1, 1, Integer.MAX_VALUE);
        int pageSize = OperationRoutes.number(ctx, "pageSize", 100, 1, MAX_PAGE_SIZE);
        List<QueuedEntry> all = gateway.queue().list();
        List<QueuedEntry> matching = all.stream().filter(filter::matches).toList();
        long from = (long) (page - 1) * pageSize;
        Map<String, Object> body = new LinkedHashMap<>(OperationRoutes.paging(page, pageSize));
        body.put("total", matching.size());
        body.put("messages", matching.stream().skip(from).limit(pageSize).map(QueueRoutes::message).toList());
        // the summary is of the whole queue, as qshape shows it: a filter narrows the list, not the picture
        body.put("nextHops", QueueShape.summarize(all, Instant.now(), gateway.queue().suspendedNextHops()).stream()
                .map(QueueRoutes::summary).toList());
        ctx.json(body);
    }

    private void delete(Context ctx) throws BadField {
        String ndr = ctx.queryParam("ndr");
        if (ndr != null && !ndr.equals("true") && !ndr.equals("false")) {
            throw new BadField("ndr", "ndr is true or false");
        }
        if (gateway.queue().delete(ctx.pathParam("id"), "true".equals(ndr))) {
            ctx.status(HttpStatus.NO_CONTENT);
        } else {
            OperationRoutes.notFound(ctx, "there is no message " + ctx.pathParam("id") + " in the queue");
        }
    }

    private static void found(Context ctx, boolean found, String what) {
        if (found) {
            ctx.json(Map.of("id", ctx.pathParam("id"), what, true));
        } else {
            OperationRoutes.notFound(ctx, "there is no message " + ctx.pathParam("id") + " in the queue");
        }
    }

    /** Suspend and resume are idempotent: {@code changed} says whether this call changed anything. */
    private static void hop(Context ctx, String what, boolean changed) {
        ctx.json(Map.of("nextHop", hopOf(ctx), what, true, "changed", changed));
    }

    private static String blankless(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static AddressPattern pattern(String s) {
        return blankless(s) == null ? null : new AddressPattern(s);
    }

    private static RecipientState state(String s) throws BadField {
        if (blankless(s) == null) {
            return null;
        }
        try {
            return RecipientState.valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadField("state", "state is one of " + List.of(RecipientState.values()).stream()
                    .map(v -> v.name().charAt(0) + v.name().substring(1).toLowerCase(Locale.ROOT)).toList());
        }
    }

    private static Map<String, Object> message(QueuedEntry e) {
        var m = e.message();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", m.queueId());
        out.put("receivedAt", m.receivedAt().toString());
        out.put("sender", m.sender());
        out.put("size", m.size());
        out.put("messageId", m.messageId());
        out.put("subject", m.subject());
        out.put("clientIp", m.clientIp());
        out.put("recipients", e.recipients().stream().map(QueueRoutes::recipient).toList());
        return out;
    }

    private static Map<String, Object> recipient(StoredRecipient r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("address", r.address());
        out.put("nextHop", r.nextHop());
        out.put("state", r.state());
        out.put("attempts", r.attempts());
        out.put("nextAttemptAt", r.nextAttemptAt() == null ? null : r.nextAttemptAt().toString());
        out.put("lastError", r.lastError());
        return out;
    }

    private static Map<String, Object> summary(QueueShape.NextHopSummary s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("nextHop", s.nextHop());
        out.put("messageCount", s.messageCount());
        out.put("recipientCount", s.recipientCount());
        out.put("oldestMessageAge", s.oldestMessageAge().withNanos(0).toString());
        out.put("lastError", s.lastError());
        out.put("suspended", s.suspended());
        return out;
    }
}
