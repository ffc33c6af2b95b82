package io.mailflow.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What changes between two configuration documents, one line per changed field, for an
 * administrator: objects are named by their identity, not by their place in a list
 * ({@code outboundConnectors/Contoso: smartHosts: [a] -> [a, b]}, {@code acceptedDomains/x.test: removed}),
 * sections by their YAML path ({@code server.limits.maxMessageSize: 36MB -> 50MB}).
 */
public final class ConfigurationDiff {

    /** The field that names an object in each list of objects, by the list's YAML path. */
    private static final Map<String, String> IDENTITY = Map.of("acceptedDomains", "domainName", "mailboxes", "primarySmtpAddress",
            "mailUsers", "primarySmtpAddress", "mailContacts", "externalEmailAddress", "distributionGroups", "primarySmtpAddress",
            "inboundConnectors", "name", "outboundConnectors", "name", "transportRules", "name", "server.listeners", "name");

    private ConfigurationDiff() {
    }

    /** The changes from {@code before} to {@code after}; empty when they are the same configuration. */
    public static List<String> between(JsonNode before, JsonNode after) {
        List<String> out = new ArrayList<>();
        fields(null, "", before, after, out);
        return out;
    }

    /**
     * Compares two sections field by field.
     *
     * @param object the named object the fields belong to ({@code outboundConnectors/Contoso}), or null at the top
     * @param prefix the path of the section within it, ending in a dot, or empty
     */
    private static void fields(String object, String prefix, JsonNode a, JsonNode b, List<String> out) {
        Set<String> names = new LinkedHashSet<>();
        a.fieldNames().forEachRemaining(names::add);
        b.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            value(object, prefix + name, a.path(name), b.path(name), out);
        }
    }

    private static void value(String object, String path, JsonNode a, JsonNode b, List<String> out) {
        if (ConfigDocuments.same(a, b)) {
            return;
        }
        String identity = object == null ? IDENTITY.get(path) : null;
        if (identity != null && identifiable(a, identity) && identifiable(b, identity)) {
            list(path, identity, a, b, out);
        } else if (a.isObject() && b.isObject()) {
            fields(object, path + ".", a, b, out);
        } else if (secret(path)) {
            out.add((object == null ? "" : object + ": ") + path + ": " + (a.isMissingNode() ? "(not set)" : "(a secret)") + " -> "
                    + (b.isMissingNode() ? "(not set)" : a.isMissingNode() ? "(a secret)" : "(another secret)"));
        } else {
            out.add((object == null ? "" : object + ": ") + path + ": " + render(a) + " -> " + render(b));
        }
    }

    /** Items of a list compared by identity: added, removed, changed, and a changed order among those kept. */
    private static void list(String path, String identity, JsonNode a, JsonNode b, List<String> out) {
        Map<String, JsonNode> before = byIdentity(a, identity);
        Map<String, JsonNode> after = byIdentity(b, identity);
        for (Map.Entry<String, JsonNode> e : before.entrySet()) {
            JsonNode now = after.get(e.getKey());
            String object = path + "/" + e.getValue().path(identity).asText();
            if (now == null) {
                out.add(object + ": removed");
            } else {
                fields(object, "", e.getValue(), now, out);
            }
        }
        after.forEach((key, item) -> {
            if (!before.containsKey(key)) {
                out.add(path + "/" + item.path(identity).asText() + ": added " + render(item));
            }
        });
        List<String> keptBefore = before.keySet().stream().filter(after::containsKey).toList();
        List<String> keptAfter = after.keySet().stream().filter(before::containsKey).toList();
        if (!keptBefore.equals(keptAfter)) {
            out.add(path + ": order: " + names(before, keptBefore, identity) + " -> " + names(after, keptAfter, identity));
        }
    }

    private static String names(Map<String, JsonNode> items, List<String> keys, String identity) {
        return keys.stream().map(k -> items.get(k).path(identity).asText()).collect(Collectors.joining(", ", "[", "]"));
    }

    /** A missing list or one whose items all have a distinct identity; anything else is compared as one value. */
    private static boolean identifiable(JsonNode list, String identity) {
        if (list.isMissingNode() || list.isNull()) {
            return true;
        }
        if (!list.isArray()) {
            return false;
        }
        Set<String> seen = new java.util.HashSet<>();
        for (JsonNode item : list) {
            if (!item.path(identity).isTextual() || !seen.add(key(item, identity))) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, JsonNode> byIdentity(JsonNode list, String identity) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        list.forEach(item -> out.put(key(item, identity), item));
        return out;
    }

    /** Identities compare as the gateway compares them: without case. */
    private static String key(JsonNode item, String identity) {
        return item.path(identity).asText().toLowerCase(Locale.ROOT);
    }

    /** A password hash is not shown, not even in a diff: the diff is printed, logged and sent to clients. */
    static boolean secret(String path) {
        return path.equals("password") || path.endsWith(".password");
    }

    /** A value as the YAML's flow style writes it: {@code [a, b]}, {@code {name: X}}; absent is {@code (not set)}. */
    static String render(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "(not set)";
        }
        if (v.isArray()) {
            List<String> items = new ArrayList<>();
            v.forEach(x -> items.add(render(x)));
            return "[" + String.join(", ", items) + "]";
        }
        if (v.isObject()) {
            List<String> items = new ArrayList<>();
            v.properties().forEach(e -> items.add(e.getKey() + ": " + (secret(e.getKey()) ? "(a secret)" : render(e.getValue()))));
            return "{" + String.join(", ", items) + "}";
        }
        if (v.isTextual() && v.asText().isEmpty()) {
            return "''";
        }
        return v.asText();
    }
}
