package io.mailflow.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.mailflow.config.ConfigException;
import io.mailflow.config.ConfigProblem;
import io.mailflow.config.ConfigurationObjects;
import io.mailflow.config.ConfigurationObjects.Kind;
import io.mailflow.config.ConfigurationObjects.ObjectException;
import io.mailflow.store.configuration.ChangeSource;
import io.mailflow.store.configuration.ConfigurationChange;
import io.mailflow.store.configuration.VersionConflictException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * {@code /api/v1/<kind>} and {@code /api/v1/<kind>/<identity>}: GET, POST (201 + Location, 409 if
 * it exists), PUT, PATCH (JSON merge patch), DELETE (204). Every answer carries the configuration
 * version as its ETag; a write with a stale If-Match gets 412 and changes nothing. Errors are
 * {@code application/problem+json} (RFC 9457), one entry per problem, named by the file's path.
 */
final class ObjectRoutes {

    static final String MERGE_PATCH = "application/merge-patch+json";

    private final Supplier<ConfigurationObjects> objects;

    ObjectRoutes(Supplier<ConfigurationObjects> objects) {
        this.objects = objects;
    }

    /** A write's body, read by the handler. */
    private interface Write {
        void run(Kind kind, OptionalLong base, ConfigurationChange change) throws Exception;
    }

    void register(RoutesConfig routes) {
        for (Kind kind : ConfigurationObjects.KINDS.values()) {
            String collection = "/api/v1/" + kind.key();
            String item = collection + "/{id}";
            routes.get(collection, ctx -> list(ctx, kind));
            routes.get(item, ctx -> get(ctx, kind));
            routes.post(collection, ctx -> write(ctx, kind, (k, base, change) -> {
                var created = objects.get().create(k, body(ctx), base, change);
                String id = created.object().path(k.identity()).asText();
                ctx.status(HttpStatus.CREATED).header("Location", collection + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8)
                        .replace("+", "%20")).header("ETag", etag(created.version())).json(created.object());
            }));
            routes.put(item, ctx -> write(ctx, kind, (k, base, change) -> {
                var replaced = objects.get().replace(k, ctx.pathParam("id"), body(ctx), base, change);
                ctx.header("ETag", etag(replaced.version())).json(replaced.object());
            }));
            routes.patch(item, ctx -> patch(ctx, kind));
            routes.delete(item, ctx -> write(ctx, kind, (k, base, change) -> {
                long version = objects.get().remove(k, ctx.pathParam("id"), base, change);
                ctx.status(HttpStatus.NO_CONTENT).header("ETag", etag(version));
            }));
        }
        for (String section : ConfigurationObjects.SETTINGS) {
            String path = "/api/v1/settings/" + section;
            routes.get(path, ctx -> {
                var found = objects.get().settings(section);
                ctx.header("ETag", etag(found.version())).json(found.object());
            });
            routes.put(path, ctx -> settings(ctx, section, false));
            routes.patch(path, ctx -> {
                if (mergePatch(ctx)) {
                    settings(ctx, section, true);
                }
            });
        }
    }

    private void settings(Context ctx, String section, boolean patch) throws Exception {
        write(ctx, null, (k, base, change) -> {
            var found = objects.get().settings(section, body(ctx), patch, base, change);
            ctx.header("ETag", etag(found.version())).json(found.object());
        });
    }

    /** True when the body is declared a JSON merge patch; else answers 415. */
    private static boolean mergePatch(Context ctx) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().split(";")[0].trim();
        if (type.equalsIgnoreCase(MERGE_PATCH)) {
            return true;
        }
        problem(ctx, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "a PATCH body is a JSON merge patch (Content-Type: " + MERGE_PATCH
                + ", RFC 7396)", null);
        return false;
    }

    private void list(Context ctx, Kind kind) throws Exception {
        var found = objects.get().list(kind);
        ctx.header("ETag", etag(found.version())).json(found.object());
    }

    private void get(Context ctx, Kind kind) throws Exception {
        var found = objects.get().get(kind, ctx.pathParam("id"));
        if (found.isEmpty()) {
            problem(ctx, HttpStatus.NOT_FOUND, "there is no " + kind.key() + "/" + ctx.pathParam("id"), null);
            return;
        }
        ctx.header("ETag", etag(found.get().version())).json(found.get().object());
    }

    private void patch(Context ctx, Kind kind) throws Exception {
        if (!mergePatch(ctx)) {
            return;
        }
        write(ctx, kind, (k, base, change) -> {
            var patched = objects.get().patch(k, ctx.pathParam("id"), body(ctx), base, change);
            ctx.header("ETag", etag(patched.version())).json(patched.object());
        });
    }

    private static JsonNode body(Context ctx) {
        try {
            return ApiJson.MAPPER.readTree(ctx.body());
        } catch (java.io.IOException e) {
            return null; // not JSON: refused as not an object
        }
    }

    /** Runs a write (of an object of {@code kind}, or of settings when null) with its If-Match and who it is by; maps what the service refuses to statuses. */
    private static void write(Context ctx, Kind kind, Write write) throws Exception {
        OptionalLong base;
        try {
            base = ifMatch(ctx.header("If-Match"));
        } catch (NumberFormatException e) {
            problem(ctx, HttpStatus.BAD_REQUEST, "If-Match is the ETag of a GET (\"7\")", null);
            return;
        }
        ConfigurationChange change = ConfigRoutes.change(ctx, ChangeSource.API, ctx.header("X-Mailflow-Comment"));
        try {
            write.run(kind, base, change);
        } catch (ConfigException e) {
            problem(ctx, HttpStatus.UNPROCESSABLE_CONTENT, "the configuration would not be valid; nothing was changed", e);
        } catch (VersionConflictException e) {
            problem(ctx, base.isPresent() ? HttpStatus.PRECONDITION_FAILED : HttpStatus.CONFLICT, e.getMessage(), null);
        } catch (ObjectException e) {
            HttpStatus status = switch (e.reason()) {
                case NOT_FOUND -> HttpStatus.NOT_FOUND;
                case EXISTS -> HttpStatus.CONFLICT;
                case NOT_AN_OBJECT -> HttpStatus.BAD_REQUEST;
            };
            problem(ctx, status, e.getMessage(), null);
        }
    }

    /** {@code "7"}, {@code W/"7"} or {@code *} (any version: no condition). */
    static OptionalLong ifMatch(String header) {
        if (header == null || header.isBlank() || header.trim().equals("*")) {
            return OptionalLong.empty();
        }
        String v = header.trim();
        v = v.startsWith("W/") ? v.substring(2) : v;
        return OptionalLong.of(Long.parseLong(v.replace("\"", "")));
    }

    static String etag(long version) {
        return "\"" + version + "\"";
    }

    /** RFC 9457: type, title, status, detail, and one entry per configuration problem named by its field. */
    static void problem(Context ctx, HttpStatus status, String detail, ConfigException problems) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("type", "about:blank").put("title", status.getMessage())
                .put("status", status.getCode()).put("detail", detail);
        if (problems != null) {
            var errors = body.putArray("errors");
            for (ConfigProblem p : problems.problems()) {
                errors.addObject().put("field", p.field()).put("detail", p.message());
            }
        }
        ctx.status(status).contentType("application/problem+json").result(body.toString());
    }
}
