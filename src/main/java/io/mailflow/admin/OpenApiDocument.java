package io.mailflow.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mailflow.config.ConfigurationObjects;
import io.mailflow.model.Configuration;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The admin API as an OpenAPI 3.1 document ({@code GET /api/v1/openapi.json}): every route the
 * admin listener serves, with its parameters, body and answers. The objects' schemas come from the
 * configuration records ({@link RecordSchema}); a test checks the document with a real OpenAPI
 * parser and that it lists exactly the routes the server has.
 */
final class OpenApiDocument {

    /** One documented route. {@code body}: a schema name in {@code components/schemas}, or null. */
    record Operation(String method, String path, String tag, String summary, String body, String bodyType, List<Integer> answers,
            List<String> query) {

        Operation(String method, String path, String tag, String summary, String body, String bodyType, List<Integer> answers) {
            this(method, path, tag, summary, body, bodyType, answers, List.of());
        }
    }

    private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");
    private static final Map<Integer, String> MEANING = Map.ofEntries(Map.entry(200, "OK"), Map.entry(201, "Created (Location names it)"),
            Map.entry(204, "Done, no body"), Map.entry(400, "Malformed request"), Map.entry(401, "Missing, wrong, revoked or expired credentials"),
            Map.entry(403, "The role may not do this"), Map.entry(404, "No such object"), Map.entry(409, "It exists, or the configuration changed meanwhile"),
            Map.entry(412, "If-Match names an older version: nothing changed"), Map.entry(415, "Wrong Content-Type"),
            Map.entry(422, "The configuration would not be valid: nothing changed; one entry per problem, named by its field"),
            Map.entry(503, "The gateway is stopping"));

    private OpenApiDocument() {
    }

    /** Every route of the admin listener. */
    static List<Operation> operations() {
        List<Operation> ops = new ArrayList<>();
        ops.add(new Operation("get", "/health", "Operations", "Liveness and the configuration version in force (no credentials needed)", null, null,
                List.of(200, 503)));
        ops.add(new Operation("get", "/metrics", "Operations", "Prometheus metrics", null, null, List.of(200, 401)));
        ops.add(new Operation("get", "/api/v1/openapi.json", "Operations", "This document", null, null, List.of(200, 401)));
        for (ConfigurationObjects.Kind k : ConfigurationObjects.KINDS.values().stream()
                .sorted(java.util.Comparator.comparing(ConfigurationObjects.Kind::key)).toList()) {
            String collection = "/api/v1/" + k.key();
            String item = collection + "/{id}";
            String schema = schemaName(k.key());
            ops.add(new Operation("get", collection, k.key(), "List the " + k.key(), null, null, List.of(200, 401)));
            ops.add(new Operation("post", collection, k.key(), "Create one (409 if its " + k.identity() + " exists)", schema, "application/json",
                    List.of(201, 400, 401, 403, 409, 412, 422)));
            ops.add(new Operation("get", item, k.key(), "One, by its " + k.identity(), null, null, List.of(200, 401, 404)));
            ops.add(new Operation("put", item, k.key(), "Replace it", schema, "application/json", List.of(200, 400, 401, 403, 404, 412, 422)));
            ops.add(new Operation("patch", item, k.key(), "Change fields (JSON merge patch, RFC 7396)", schema, ObjectRoutes.MERGE_PATCH,
                    List.of(200, 400, 401, 403, 404, 412, 415, 422)));
            ops.add(new Operation("delete", item, k.key(), "Remove it", null, null, List.of(204, 401, 403, 404, 412, 422)));
        }
        for (String section : ConfigurationObjects.SETTINGS) {
            String path = "/api/v1/settings/" + section;
            String schema = schemaName(section);
            ops.add(new Operation("get", path, "settings", "The " + section + " settings", null, null, List.of(200, 401)));
            ops.add(new Operation("put", path, "settings", "Replace them", schema, "application/json", List.of(200, 400, 401, 403, 412, 422)));
            ops.add(new Operation("patch", path, "settings", "Change fields (JSON merge patch)", schema, ObjectRoutes.MERGE_PATCH,
                    List.of(200, 400, 401, 403, 412, 415, 422)));
        }
        ops.add(new Operation("get", "/api/v1/config", "config", "The whole configuration, as YAML or JSON by Accept", null, null, List.of(200, 401)));
        ops.add(new Operation("put", "/api/v1/config", "config", "Replace the whole configuration (YAML or JSON by Content-Type)", "Configuration",
                "application/json", List.of(200, 400, 401, 403, 412, 422)));
        ops.add(new Operation("get", "/api/v1/config/versions", "config", "The configuration versions, newest first", null, null, List.of(200, 401)));
        ops.add(new Operation("get", "/api/v1/config/versions/{n}", "config", "One version with its document", null, null, List.of(200, 401, 404)));
        ops.add(new Operation("post", "/api/v1/config/rollback", "config", "Make version N current again, as a new version ({\"version\": N})", null,
                "application/json", List.of(200, 400, 401, 403, 404, 422)));
        ops.add(new Operation("get", "/api/v1/auditLog", "config", "Who changed what, when and from where", null, null, List.of(200, 401)));
        ops.add(new Operation("get", "/api/v1/queue", "queue", "Queued messages (paged) and a summary per next hop, as Postfix's qshape",
                null, null, List.of(200, 400, 401), List.of("nextHop", "state", "sender", "recipient", "page", "pageSize")));
        ops.add(new Operation("post", "/api/v1/queue/{id}/retry", "queue", "Retry a queued message now", null, null, List.of(200, 401, 403, 404)));
        ops.add(new Operation("delete", "/api/v1/queue/{id}", "queue", "Remove a queued message, with an NDR to its sender when ndr=true",
                null, null, List.of(200, 400, 401, 403, 404), List.of("ndr")));
        for (String act : List.of("suspend", "resume", "retry")) {
            ops.add(new Operation("post", "/api/v1/queue/nextHops/{nextHop}/" + act, "queue",
                    Character.toUpperCase(act.charAt(0)) + act.substring(1) + " the deliveries to one next hop", null, null,
                    List.of(200, 401, 403, 404)));
        }
        ops.add(new Operation("get", "/api/v1/messageTrace", "messageTrace",
                "Search the message trace (sender and recipient take * wildcards; start and end are ISO-8601 instants)", null, null,
                List.of(200, 400, 401), List.of("sender", "recipient", "messageId", "start", "end", "status", "page", "pageSize")));
        ops.add(new Operation("get", "/api/v1/messageTrace/{id}", "messageTrace", "The events of one search result, in order", null, null,
                List.of(200, 401, 404)));
        ops.add(new Operation("post", "/api/v1/explain", "decisions", "Explain a route: every step live mail would take", null,
                "application/json", List.of(200, 400, 401)));
        ops.add(new Operation("post", "/api/v1/transportRules/test", "decisions", "Run the mail flow rules on a message: verdicts and copies",
                null, "application/json", List.of(200, 400, 401)));
        ops.add(new Operation("post", "/api/v1/outboundConnectors/{name}/validate", "decisions",
                "Validate-OutboundConnector: each step per smart host; recorded, never blocking the connector's use", null,
                "application/json", List.of(200, 400, 401, 403, 404)));
        // What the CLI calls (kept for it; the /api/v1 routes above are the public API)
        ops.add(new Operation("post", "/api/reload", "CLI", "Read the configuration file again (as SIGHUP)", null, null, List.of(200, 401, 422)));
        ops.add(new Operation("get", "/api/queue", "CLI", "The queue, as `queue list` prints it", null, null, List.of(200, 401)));
        ops.add(new Operation("post", "/api/queue/{id}/retry", "CLI", "Retry a queued message now", null, null, List.of(200, 401, 404)));
        ops.add(new Operation("delete", "/api/queue/{id}", "CLI", "Remove a queued message without an NDR", null, null, List.of(200, 401, 404)));
        ops.add(new Operation("get", "/api/trace", "CLI", "Trace records, as `trace` prints them", null, null, List.of(200, 400, 401)));
        ops.add(new Operation("get", "/api/config", "CLI", "The configuration as YAML (`config export`)", null, null, List.of(200, 401)));
        ops.add(new Operation("post", "/api/config/apply", "CLI", "Apply a whole document (`config apply`)", null, "application/json",
                List.of(200, 401, 409, 422)));
        ops.add(new Operation("post", "/api/config/rollback", "CLI", "`config rollback`", null, "application/json", List.of(200, 400, 401, 404)));
        ops.add(new Operation("get", "/api/config/versions", "CLI", "`config history`", null, null, List.of(200, 401)));
        ops.add(new Operation("get", "/api/config/diff", "CLI", "`config diff A B`", null, null, List.of(200, 401, 404)));
        return ops;
    }

    /** The document: paths from {@link #operations()}, schemas of every kind and settings section, problem details. */
    static ObjectNode build() {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode doc = json.objectNode().put("openapi", "3.1.0");
        doc.putObject("info").put("title", "Mailflow admin API").put("version", "1")
                .put("description", "The configuration objects by the YAML's field names, configuration versions, and operations. "
                        + "Every answer carries the configuration version as its ETag; writes take If-Match.");
        ObjectNode components = doc.putObject("components");
        ObjectNode schemes = components.putObject("securitySchemes");
        schemes.putObject("bearer").put("type", "http").put("scheme", "bearer").put("description", "An API token");
        schemes.putObject("basic").put("type", "http").put("scheme", "basic").put("description", "An admin account");
        doc.putArray("security").add(json.objectNode().set("bearer", json.arrayNode())).add(json.objectNode().set("basic", json.arrayNode()));
        ObjectNode schemas = components.putObject("schemas");
        for (RecordComponent c : Configuration.class.getRecordComponents()) {
            Class<?> type = c.getGenericType() instanceof ParameterizedType p ? (Class<?>) p.getActualTypeArguments()[0] : c.getType();
            schemas.set(schemaName(c.getName()), RecordSchema.of(type));
        }
        schemas.set("Configuration", RecordSchema.of(Configuration.class));
        ObjectNode problem = schemas.putObject("Problem").put("type", "object");
        ObjectNode props = problem.putObject("properties");
        Arrays.asList("type", "title", "detail").forEach(p -> props.putObject(p).put("type", "string"));
        props.putObject("status").put("type", "integer");
        ObjectNode error = props.putObject("errors").put("type", "array").putObject("items").put("type", "object");
        error.putObject("properties").putObject("field").put("type", "string");
        ((ObjectNode) error.get("properties")).putObject("detail").put("type", "string");

        ObjectNode paths = doc.putObject("paths");
        for (Operation op : operations()) {
            ObjectNode path = paths.has(op.path()) ? (ObjectNode) paths.get(op.path()) : paths.putObject(op.path());
            ObjectNode o = path.putObject(op.method());
            o.put("summary", op.summary()).putArray("tags").add(op.tag());
            o.put("operationId", op.method() + op.path().replaceAll("[^A-Za-z0-9]+", "_"));
            if (op.path().equals("/health")) {
                o.putArray("security");
            }
            Matcher m = PARAMETER.matcher(op.path());
            ArrayNode parameters = null;
            while (m.find()) {
                parameters = parameters == null ? o.putArray("parameters") : parameters;
                parameters.addObject().put("name", m.group(1)).put("in", "path").put("required", true).putObject("schema").put("type", "string");
            }
            for (String q : op.query()) {
                parameters = parameters == null ? o.putArray("parameters") : parameters;
                parameters.addObject().put("name", q).put("in", "query").put("required", false).putObject("schema").put("type", "string");
            }
            if (op.bodyType() != null) {
                ObjectNode schema = o.putObject("requestBody").put("required", true).putObject("content").putObject(op.bodyType())
                        .putObject("schema");
                if (op.body() != null) {
                    schema.put("$ref", "#/components/schemas/" + op.body());
                } else {
                    schema.put("type", "object");
                }
            }
            ObjectNode responses = o.putObject("responses");
            for (int status : op.answers()) {
                ObjectNode r = responses.putObject(Integer.toString(status)).put("description", MEANING.getOrDefault(status, "see summary"));
                if (status >= 400 && !op.path().startsWith("/api/") || status >= 400 && op.path().startsWith("/api/v1/")) {
                    r.putObject("content").putObject("application/problem+json").putObject("schema").put("$ref", "#/components/schemas/Problem");
                }
            }
        }
        return doc;
    }

    /** {@code outboundConnectors} → {@code OutboundConnector}, {@code server} → {@code ServerSettings}. */
    private static String schemaName(String key) {
        return switch (key) {
            case "server" -> "ServerSettings";
            case "transport" -> "TransportSettings";
            case "dns" -> "DnsSettings";
            case "logging" -> "LoggingSettings";
            default -> {
                String singular = key.endsWith("boxes") ? key.substring(0, key.length() - 2) : key.substring(0, key.length() - 1);
                yield Character.toUpperCase(singular.charAt(0)) + singular.substring(1);
            }
        };
    }
}
