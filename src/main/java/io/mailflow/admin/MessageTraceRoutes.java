package io.mailflow.admin;

import static io.mailflow.admin.OperationRoutes.checked;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.mailflow.Gateway;
import io.mailflow.admin.OperationRoutes.BadField;
import io.mailflow.store.StoreException;
import io.mailflow.store.TraceQuery;
import io.mailflow.store.TraceRecord;
import io.mailflow.store.TracedMessage;
import io.mailflow.trace.TraceEvents;
import io.mailflow.trace.TraceStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/messageTrace} (Exchange's Get-MessageTrace): messages by sender, recipient (with
 * {@code *}), Message-ID, time and status, newest first and paged; and
 * {@code /api/v1/messageTrace/{id}} (Get-MessageTraceDetail): one message's events in order.
 */
final class MessageTraceRoutes {

    static final int MAX_PAGE_SIZE = 1000;
    /**
     * A status is read from a message's events, not stored: with a status filter the newest this
     * many matches of the other filters are read, filtered, then paged ({@code truncated} says so).
     */
    static final int STATUS_SCAN = 5000;

    private final Gateway gateway;

    MessageTraceRoutes(Gateway gateway) {
        this.gateway = gateway;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/v1/messageTrace", checked(this::search));
        routes.get("/api/v1/messageTrace/{id}", this::detail);
    }

    private void search(Context ctx) throws BadField, StoreException {
        Instant start = instant(ctx, "start");
        Instant end = instant(ctx, "end");
        if (start != null && end != null && !start.isBefore(end)) {
            throw new BadField("end", "end must be after start");
        }
        TraceStatus status = null;
        if (ctx.queryParam("status") != null && !ctx.queryParam("status").isBlank()) {
            status = TraceStatus.parse(ctx.queryParam("status"));
            if (status == null) {
                throw new BadField("status", "status is one of " + List.of(TraceStatus.values()));
            }
        }
        int page = OperationRoutes.number(ctx, "page", 1, 1, 1_000_000);
        int pageSize = OperationRoutes.number(ctx, "pageSize", 100, 1, MAX_PAGE_SIZE);
        String sender = blankless(ctx.queryParam("sender"));
        String recipient = blankless(ctx.queryParam("recipient"));
        String messageId = blankless(ctx.queryParam("messageId"));
        List<TracedMessage> found;
        boolean truncated = false;
        long skip = (long) (page - 1) * pageSize;
        if (status == null) {
            if (skip > Integer.MAX_VALUE) {
                throw new BadField("page", "page is too far");
            }
            found = gateway.store().trace(new TraceQuery(recipient, sender, messageId, start, end, (int) skip, pageSize));
        } else {
            List<TracedMessage> scanned = gateway.store().trace(new TraceQuery(recipient, sender, messageId, start, end, 0,
                    STATUS_SCAN));
            truncated = scanned.size() == STATUS_SCAN;
            TraceStatus wanted = status;
            found = scanned.stream().filter(m -> TraceStatus.of(m) == wanted).skip(skip).limit(pageSize).toList();
        }
        Map<String, Object> body = new LinkedHashMap<>(OperationRoutes.paging(page, pageSize));
        if (status != null) {
            body.put("truncated", truncated);
        }
        body.put("results", found.stream().map(MessageTraceRoutes::summary).toList());
        ctx.json(body);
    }

    private void detail(Context ctx) throws StoreException {
        String id = ctx.pathParam("id");
        var found = gateway.store().traceOf(id);
        if (found.isEmpty()) {
            OperationRoutes.notFound(ctx, "there is no message " + id + " in the message trace");
            return;
        }
        TracedMessage m = found.get();
        Map<String, Object> body = summary(m);
        body.put("events", m.events().stream().map(MessageTraceRoutes::event).toList());
        ctx.json(body);
    }

    private static Map<String, Object> summary(TracedMessage m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", m.queueId());
        out.put("received", m.receivedAt().toString());
        out.put("sender", m.sender());
        out.put("recipients", m.recipients());
        out.put("messageId", m.messageId());
        out.put("subject", m.subject());
        out.put("size", m.size());
        out.put("fromIp", m.clientIp());
        out.put("status", TraceStatus.of(m));
        out.put("recipientStatus", TraceStatus.byRecipient(m));
        return out;
    }

    /** One event of the timeline: its name, time, recipient and its own fields (host:port, TLS, reply, ...). */
    private static Map<String, Object> event(TraceRecord r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("at", r.at().toString());
        out.put("event", r.event());
        out.put("recipient", r.recipient());
        out.put("detail", TraceEvents.fields(r));
        return out;
    }

    private static Instant instant(Context ctx, String name) throws BadField {
        String given = blankless(ctx.queryParam(name));
        try {
            return given == null ? null : Instant.parse(given);
        } catch (DateTimeParseException e) {
            throw new BadField(name, name + " is an ISO-8601 instant (2026-11-27T10:00:00Z)");
        }
    }

    private static String blankless(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
