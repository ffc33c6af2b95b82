package io.mailflow.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.mailflow.config.ConfigException;
import io.mailflow.config.ConfigurationService;
import io.mailflow.store.StoreException;
import io.mailflow.store.configuration.ChangeSource;
import io.mailflow.store.configuration.ConfigurationChange;
import io.mailflow.store.configuration.VersionConflictException;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * The {@code /api/config} routes {@code mailflow config} calls: thin, every decision is the
 * {@link ConfigurationService}'s. A change is recorded as made by the local credential (the
 * runtime file's token) and the system user the CLI names, from the client's address.
 */
final class ConfigRoutes {

    /** The header the CLI names its system user in (the token says only that it is local). */
    static final String USER_HEADER = "X-Mailflow-User";

    private final Supplier<ConfigurationService> service;

    ConfigRoutes(Supplier<ConfigurationService> service) {
        this.service = service;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/config", ctx -> ctx.contentType("application/yaml; charset=utf-8").result(service.get().export()));
        routes.post("/api/config/apply", this::apply);
        routes.post("/api/config/rollback", this::rollback);
        routes.get("/api/config/versions", this::versions);
        routes.get("/api/config/diff", this::diff);
    }

    private ConfigurationChange change(Context ctx, String comment) {
        String user = ctx.header(USER_HEADER);
        return new ConfigurationChange(user == null || user.isBlank() ? "local" : "local:" + user, ChangeSource.CLI, ctx.ip(),
                comment == null || comment.isBlank() ? null : comment);
    }

    /** Body: {@code {"name": "...", "document": {...}, "comment": "...", "dryRun": false}}. */
    private void apply(Context ctx) throws StoreException {
        JsonNode body = ctx.bodyAsClass(JsonNode.class);
        String name = body.path("name").asText("request body");
        try {
            var applied = service.get().apply(name, body.path("document"), OptionalLong.empty(),
                    change(ctx, body.path("comment").asText(null)), body.path("dryRun").asBoolean(false));
            ctx.json(Map.of("version", applied.snapshot().version(), "stored", applied.stored(), "diff", applied.diff()));
        } catch (ConfigException e) {
            problems(ctx, e);
        } catch (VersionConflictException e) {
            ctx.status(HttpStatus.CONFLICT).json(Map.of("error", e.getMessage()));
        }
    }

    /** Body: {@code {"version": N, "comment": "..."}}. */
    private void rollback(Context ctx) throws StoreException {
        JsonNode body = ctx.bodyAsClass(JsonNode.class);
        if (!body.path("version").canConvertToLong()) {
            ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", "version is the number of the version to make current again"));
            return;
        }
        try {
            var applied = service.get().rollback(body.path("version").asLong(), change(ctx, body.path("comment").asText(null)));
            ctx.json(Map.of("version", applied.snapshot().version(), "stored", applied.stored(), "diff", applied.diff()));
        } catch (ConfigException e) {
            problems(ctx, e);
        } catch (VersionConflictException e) {
            ctx.status(HttpStatus.CONFLICT).json(Map.of("error", e.getMessage()));
        }
    }

    private void versions(Context ctx) throws StoreException {
        int limit = ctx.queryParamAsClass("limit", Integer.class).check(n -> n >= 1 && n <= 1000, "from 1 to 1000")
                .getOrDefault(20);
        ctx.json(service.get().history(limit).stream().map(ConfigVersionJson::summary).toList());
    }

    private void diff(Context ctx) throws StoreException {
        long from = ctx.queryParamAsClass("from", Long.class).get();
        long to = ctx.queryParamAsClass("to", Long.class).get();
        try {
            ctx.json(Map.of("from", from, "to", to, "diff", service.get().diff(from, to)));
        } catch (ConfigException e) {
            ctx.status(HttpStatus.NOT_FOUND).json(Map.of("problems", e.problems()));
        }
    }

    private static void problems(Context ctx, ConfigException e) {
        List<?> problems = e.problems();
        ctx.status(HttpStatus.UNPROCESSABLE_CONTENT).json(Map.of("ok", false, "problems", problems));
    }
}
