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
 * {@link ConfigurationService}'s. A change is recorded as made by the caller (account or token,
 * see {@link AdminAuthorization}), from the client's address.
 */
final class ConfigRoutes {

    /** The header the CLI names its system user in (the token says only that it is local). */
    static final String USER_HEADER = "X-Mailflow-User";

    private final Supplier<ConfigurationService> service;

    ConfigRoutes(Supplier<ConfigurationService> service) {
        this.service = service;
    }

    void register(RoutesConfig routes) {
        routes.get("/api/config", AdminAuthorization.withSecrets(ctx -> ctx.contentType("application/yaml; charset=utf-8")
                .result(service.get().export())));
        routes.post("/api/config/apply", this::apply);
        routes.post("/api/config/rollback", this::rollback);
        routes.get("/api/config/versions", OperationRoutes.checked(this::versions));
        routes.get("/api/config/diff", this::diff);
        routes.get("/api/v1/config", this::document); // without secrets: ViewOnly may read it
        routes.put("/api/v1/config", this::replace);
        routes.get("/api/v1/config/versions", OperationRoutes.checked(this::versions));
        routes.get("/api/v1/config/versions/{n}", this::version);
        routes.post("/api/v1/config/rollback", this::rollbackV1);
    }

    /** The whole configuration, YAML or JSON by Accept, with the version as its ETag. */
    private void document(Context ctx) throws StoreException {
        var now = service.get().current();
        ctx.header("ETag", ObjectRoutes.etag(now.version()));
        String accept = ctx.header("Accept");
        JsonNode shown = io.mailflow.config.ConfigurationObjects.withoutSecrets(now.document());
        if (accept != null && accept.contains("yaml")) {
            ctx.contentType("application/yaml; charset=utf-8").result(ConfigurationService.yaml(shown));
        } else {
            ctx.json(shown);
        }
    }

    /** Replaces the whole configuration with a YAML or JSON body; If-Match as for objects. */
    private void replace(Context ctx) throws StoreException {
        String type = ctx.contentType() == null ? "application/json" : ctx.contentType();
        OptionalLong base;
        try {
            base = ObjectRoutes.ifMatch(ctx.header("If-Match"));
        } catch (NumberFormatException e) {
            ObjectRoutes.problem(ctx, HttpStatus.BAD_REQUEST, "If-Match is the ETag of a GET (\"7\")", null);
            return;
        }
        try {
            JsonNode document = type.contains("yaml") ? io.mailflow.config.ConfigLoader.readDocument("request body", ctx.body())
                    : ApiJson.MAPPER.readTree(ctx.body());
            document = io.mailflow.config.ConfigurationObjects.keepingSecrets(document, service.get().current().document());
            var applied = service.get().apply("request body", document, base, change(ctx, ChangeSource.API,
                    ctx.header("X-Mailflow-Comment")), false);
            ctx.header("ETag", ObjectRoutes.etag(applied.snapshot().version()))
                    .json(Map.of("version", applied.snapshot().version(), "stored", applied.stored(), "diff", applied.diff()));
        } catch (ConfigException e) {
            ObjectRoutes.problem(ctx, HttpStatus.UNPROCESSABLE_CONTENT, "the configuration would not be valid; nothing was changed", e);
        } catch (VersionConflictException e) {
            ObjectRoutes.problem(ctx, base.isPresent() ? HttpStatus.PRECONDITION_FAILED : HttpStatus.CONFLICT, e.getMessage(), null);
        } catch (java.io.IOException e) {
            ObjectRoutes.problem(ctx, HttpStatus.BAD_REQUEST, "the body is not JSON: " + e.getMessage(), null);
        }
    }

    private void version(Context ctx) throws StoreException, java.io.IOException {
        long n;
        try {
            n = Long.parseLong(ctx.pathParam("n"));
        } catch (NumberFormatException e) {
            ObjectRoutes.problem(ctx, HttpStatus.BAD_REQUEST, "a version is a number", null);
            return;
        }
        var found = service.get().version(n);
        if (found.isEmpty()) {
            ObjectRoutes.problem(ctx, HttpStatus.NOT_FOUND, "there is no configuration version " + n, null);
            return;
        }
        Map<String, Object> body = new java.util.LinkedHashMap<>(ConfigVersionJson.summary(found.get()));
        body.put("document", io.mailflow.config.ConfigurationObjects.withoutSecrets(ApiJson.MAPPER.readTree(found.get().document())));
        ctx.json(body);
    }

    private void rollbackV1(Context ctx) throws StoreException {
        JsonNode body = ctx.bodyAsClass(JsonNode.class);
        if (!body.path("version").canConvertToLong()) {
            ObjectRoutes.problem(ctx, HttpStatus.BAD_REQUEST, "the body is {\"version\": N}", null);
            return;
        }
        try {
            var applied = service.get().rollback(body.path("version").asLong(), change(ctx, ChangeSource.API,
                    body.path("comment").asText(null)));
            ctx.header("ETag", ObjectRoutes.etag(applied.snapshot().version()))
                    .json(Map.of("version", applied.snapshot().version(), "stored", applied.stored(), "diff", applied.diff()));
        } catch (ConfigException e) {
            ObjectRoutes.problem(ctx, HttpStatus.NOT_FOUND, e.getMessage(), e);
        } catch (VersionConflictException e) {
            ObjectRoutes.problem(ctx, HttpStatus.CONFLICT, e.getMessage(), null);
        }
    }

    private ConfigurationChange change(Context ctx, String comment) {
        return change(ctx, ChangeSource.CLI, comment);
    }

    /**
     * Who: the account's or token's name; for the local CLI's token, "local" and the system user
     * the CLI names (trusted from that token only).
     */
    static ConfigurationChange change(Context ctx, ChangeSource source, String comment) {
        String who = Caller.of(ctx).name();
        if (Caller.of(ctx) instanceof Caller.LocalCli) {
            // The CLI's own token: the CLI's verbs call /api/v1 as any client does, but the change is the CLI's
            String user = ctx.header(USER_HEADER);
            who = user == null || user.isBlank() ? "local" : "local:" + user;
            source = source == ChangeSource.API ? ChangeSource.CLI : source;
        }
        return new ConfigurationChange(who, source, ctx.ip(), comment == null || comment.isBlank() ? null : comment);
    }

    /** Body: {@code {"name": "...", "document": {...}, "comment": "...", "dryRun": false}}. */
    private void apply(Context ctx) throws StoreException {
        JsonNode body = ctx.bodyAsClass(JsonNode.class);
        String name = body.path("name").asText("request body");
        answer(ctx, () -> service.get().apply(name, body.path("document"), OptionalLong.empty(),
                change(ctx, body.path("comment").asText(null)), body.path("dryRun").asBoolean(false)));
    }

    /** Body: {@code {"version": N, "comment": "..."}}. */
    private void rollback(Context ctx) throws StoreException {
        JsonNode body = ctx.bodyAsClass(JsonNode.class);
        if (!body.path("version").canConvertToLong()) {
            ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", "version is the number of the version to make current again"));
            return;
        }
        answer(ctx, () -> service.get().rollback(body.path("version").asLong(), change(ctx, body.path("comment").asText(null))));
    }

    /** A change the CLI asked for. */
    private interface ChangeCall {
        ConfigurationService.Applied run() throws ConfigException, VersionConflictException, StoreException;
    }

    /** The CLI's answer to an apply or a rollback: the new version and its diff, the problems (422), or the conflict (409). */
    private void answer(Context ctx, ChangeCall call) throws StoreException {
        try {
            var applied = call.run();
            ctx.json(Map.of("version", applied.snapshot().version(), "stored", applied.stored(), "diff", applied.diff()));
        } catch (ConfigException e) {
            problems(ctx, e);
        } catch (VersionConflictException e) {
            ctx.status(HttpStatus.CONFLICT).json(Map.of("error", e.getMessage()));
        }
    }

    /** Newest first, without documents; {@code ?limit=} from 1 to 1000 (default 20). */
    private void versions(Context ctx) throws StoreException, OperationRoutes.BadField {
        int limit = OperationRoutes.number(ctx, "limit", 20, 1, 1000);
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
