package io.mailflow.admin;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.mailflow.config.ConfigurationService;
import io.mailflow.store.StoreException;
import io.mailflow.store.admin.AdminChange;
import io.mailflow.store.admin.AdminDirectory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/auditLog}: one log, newest first, of every configuration version and every
 * change to admin accounts and tokens, each with who, when and from where. A version's entry has
 * its {@code version}; an account's or token's has {@code action} and {@code subject}.
 */
final class AuditLogRoutes {

    private final Supplier<ConfigurationService> service;
    private final AdminDirectory directory;

    AuditLogRoutes(Supplier<ConfigurationService> service, AdminDirectory directory) {
        this.service = service;
        this.directory = directory;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/v1/auditLog", OperationRoutes.checked(this::auditLog));
    }

    private void auditLog(Context ctx) throws StoreException, OperationRoutes.BadField {
        int limit = OperationRoutes.number(ctx, "limit", 20, 1, 1000);
        record Entry(java.time.Instant at, Map<String, Object> json) {
        }
        List<Entry> entries = new ArrayList<>();
        service.get().history(limit).forEach(v -> entries.add(new Entry(v.at(), ConfigVersionJson.summary(v))));
        for (AdminChange c : directory.auditLog(limit)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("action", c.action().name());
            m.put("subject", c.subject());
            m.put("role", c.role() == null ? null : c.role().name());
            m.put("at", c.at().toString());
            m.put("who", c.change().who());
            m.put("source", c.change().source().name());
            m.put("clientAddress", c.change().clientAddress());
            m.put("comment", c.change().comment());
            entries.add(new Entry(c.at(), m));
        }
        // Stable: of a version and an account change in the same millisecond, the version stays first.
        entries.sort(Comparator.comparing(Entry::at).reversed());
        ctx.json(entries.stream().limit(limit).map(Entry::json).toList());
    }
}
