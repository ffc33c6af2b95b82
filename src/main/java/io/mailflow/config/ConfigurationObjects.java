package io.mailflow.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mailflow.store.StoreException;
import io.mailflow.store.configuration.ConfigurationChange;
import io.mailflow.store.configuration.VersionConflictException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The objects of the configuration one by one (an accepted domain, an outbound connector), for
 * the REST API: each change is an edit of the whole document through {@link ConfigurationService},
 * so it is checked, versioned and applied like any other.
 */
public final class ConfigurationObjects {

    /**
     * A list of objects: its YAML key, the field that names each object (compared without case),
     * and its write-only fields: never answered, kept when a replacement leaves them out.
     */
    public record Kind(String key, String identity, Set<String> secrets) {
    }

    /** The lists the API serves so far; their identities are the diff's. */
    public static final Map<String, Kind> KINDS = Map.of(
            "acceptedDomains", new Kind("acceptedDomains", "domainName", Set.of()),
            "mailboxes", new Kind("mailboxes", "primarySmtpAddress", Set.of("password")),
            "mailUsers", new Kind("mailUsers", "primarySmtpAddress", Set.of()),
            "mailContacts", new Kind("mailContacts", "externalEmailAddress", Set.of()),
            "distributionGroups", new Kind("distributionGroups", "primarySmtpAddress", Set.of()),
            "inboundConnectors", new Kind("inboundConnectors", "name", Set.of()),
            "outboundConnectors", new Kind("outboundConnectors", "name", Set.of()),
            "transportRules", new Kind("transportRules", "name", Set.of()));

    /** Why an object could not be changed as asked; nothing was changed. */
    public static final class ObjectException extends Exception {

        /** The closed set of reasons, each an HTTP status for the API. */
        public enum Reason {
            NOT_FOUND, EXISTS, NOT_AN_OBJECT
        }

        private final Reason reason;

        ObjectException(Reason reason, String message) {
            super(message);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    /** An object with the version it was read from (its ETag). */
    public record Found(long version, JsonNode object) {
    }

    /** The sections served as {@code settings/<name>}: the YAML's {@code server} (limits included), {@code transport} and {@code dns}. */
    public static final Set<String> SETTINGS = Set.of("server", "transport", "dns");

    private final ConfigurationService service;

    public ConfigurationObjects(ConfigurationService service) {
        this.service = service;
    }

    /** Every object of a kind, as written, with the current version. */
    public Found list(Kind kind) throws StoreException {
        ConfigurationService.Current now = service.current();
        JsonNode items = now.document().path(kind.key());
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        if (items.isArray()) {
            items.forEach(i -> out.add(shown(kind, i)));
        }
        return new Found(now.version(), out);
    }

    public Optional<Found> get(Kind kind, String id) throws StoreException {
        ConfigurationService.Current now = service.current();
        int at = indexOf(now.document(), kind, id);
        return at < 0 ? Optional.empty() : Optional.of(new Found(now.version(), shown(kind, now.document().path(kind.key()).get(at))));
    }

    /** Adds an object; refused when one with its identity exists. */
    public Found create(Kind kind, JsonNode object, OptionalLong base, ConfigurationChange change)
            throws ObjectException, ConfigException, StoreException, VersionConflictException {
        ObjectNode item = object(object);
        String id = item.path(kind.identity()).asText("");
        var applied = service.edit(kind.key() + "/" + id, doc -> {
            if (indexOf(doc, kind, id) >= 0) {
                throw new ObjectException(ObjectException.Reason.EXISTS, kind.key() + "/" + id + " exists");
            }
            ((ObjectNode) doc).withArray(kind.key()).add(item);
            renumber(kind, (ArrayNode) doc.path(kind.key()));
            return doc;
        }, base, change);
        return new Found(applied.snapshot().version(), shown(kind, item));
    }

    /** Replaces an object whole; the identity may be left out of the body (it is the path's), or changed (a rename). */
    public Found replace(Kind kind, String id, JsonNode object, OptionalLong base, ConfigurationChange change)
            throws ObjectException, ConfigException, StoreException, VersionConflictException {
        ObjectNode item = object(object);
        return change(kind, id, current -> {
            if (!item.has(kind.identity())) {
                item.set(kind.identity(), current.get(kind.identity()));
            }
            for (String secret : kind.secrets()) {
                if (!item.has(secret) && current.has(secret)) {
                    item.set(secret, current.get(secret));
                }
            }
            return item;
        }, base, change);
    }

    /** Changes an object by a JSON merge patch (RFC 7396): fields set to null return to their defaults. */
    public Found patch(Kind kind, String id, JsonNode patch, OptionalLong base, ConfigurationChange change)
            throws ObjectException, ConfigException, StoreException, VersionConflictException {
        ObjectNode p = object(patch);
        return change(kind, id, current -> (ObjectNode) mergePatch(current, p), base, change);
    }

    public long remove(Kind kind, String id, OptionalLong base, ConfigurationChange change)
            throws ObjectException, ConfigException, StoreException, VersionConflictException {
        var applied = service.edit(kind.key() + "/" + id, doc -> {
            ((ArrayNode) doc.path(kind.key())).remove(existing(doc, kind, id));
            renumber(kind, (ArrayNode) doc.path(kind.key()));
            return doc;
        }, base, change);
        return applied.snapshot().version();
    }

    private interface ItemChange {
        ObjectNode apply(ObjectNode current);
    }

    private Found change(Kind kind, String id, ItemChange edit, OptionalLong base, ConfigurationChange change)
            throws ObjectException, ConfigException, StoreException, VersionConflictException {
        ObjectNode[] result = new ObjectNode[1];
        var applied = service.edit(kind.key() + "/" + id, doc -> {
            int at = existing(doc, kind, id);
            ArrayNode items = (ArrayNode) doc.path(kind.key());
            JsonNode before = items.get(at).path("priority");
            result[0] = edit.apply((ObjectNode) items.get(at));
            if (ConfigDocuments.same(before, result[0].path("priority"))) {
                items.set(at, result[0]);
            } else {
                items.remove(at); // it asked for a position: written last, it takes it from whoever had it
                items.add(result[0]);
            }
            renumber(kind, items);
            return doc;
        }, base, change);
        return new Found(applied.snapshot().version(), shown(kind, result[0]));
    }

    /**
     * Mail flow rules after a change through the API: every rule gets its effective priority,
     * 0..N-1 in evaluation order ({@link io.mailflow.model.RulePriorities}: the rule written last
     * takes a position asked for twice), so that a rule given a priority moves the others down and
     * a rule removed moves them up, as Exchange's Set-TransportRule and Remove-TransportRule do.
     * Rules whose priority is not a number are left alone: the check refuses them by field.
     */
    private static void renumber(Kind kind, ArrayNode rules) {
        if (!kind.key().equals("transportRules")) {
            return;
        }
        java.util.List<JsonNode> items = new java.util.ArrayList<>();
        rules.forEach(items::add);
        if (items.stream().anyMatch(r -> !r.isObject() || r.has("priority") && !r.path("priority").canConvertToInt())) {
            return;
        }
        java.util.List<Integer> index = new java.util.ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            index.add(i);
        }
        index.sort(java.util.Comparator.<Integer>comparingLong(i -> items.get(i).has("priority")
                ? items.get(i).path("priority").asLong() : Long.MAX_VALUE).thenComparing(i -> items.get(i).has("priority") ? -i : i));
        rules.removeAll();
        for (int i = 0; i < index.size(); i++) {
            ObjectNode rule = (ObjectNode) items.get(index.get(i));
            rule.put("priority", i);
            rules.add(rule);
        }
    }

    /** A section of settings as written ({@code {}} when the file leaves it to its defaults). */
    public Found settings(String section) throws StoreException {
        ConfigurationService.Current now = service.current();
        JsonNode s = now.document().path(section);
        return new Found(now.version(), s.isObject() ? s : JsonNodeFactory.instance.objectNode());
    }

    /**
     * Replaces a section of settings ({@code patch} false) or merges a JSON merge patch into it.
     * What a section may not change while the gateway runs (the data directory) is refused as it is from the file.
     */
    public Found settings(String section, JsonNode body, boolean patch, OptionalLong base, ConfigurationChange change)
            throws ObjectException, ConfigException, StoreException, VersionConflictException {
        ObjectNode given = object(body);
        JsonNode[] result = new JsonNode[1];
        var applied = service.edit("settings/" + section, doc -> {
            result[0] = patch ? mergePatch(doc.path(section), given) : given;
            ((ObjectNode) doc).set(section, result[0]);
            return doc;
        }, base, change);
        return new Found(applied.snapshot().version(), result[0]);
    }

    /**
     * RFC 7396 §2: a patch object's members replace the target's, null removes one, objects merge
     * recursively; anything else replaces the target whole.
     */
    public static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode out = target != null && target.isObject() ? ((ObjectNode) target).deepCopy() : JsonNodeFactory.instance.objectNode();
        patch.properties().forEach(e -> {
            if (e.getValue().isNull()) {
                out.remove(e.getKey());
            } else {
                out.set(e.getKey(), mergePatch(out.get(e.getKey()), e.getValue()));
            }
        });
        return out;
    }

    /**
     * A whole document as the API shows it: every object without its secrets (password hashes are
     * write-only). {@code config export} is the backup that keeps them.
     */
    public static JsonNode withoutSecrets(JsonNode document) {
        JsonNode out = document.deepCopy();
        for (Kind kind : KINDS.values()) {
            if (!kind.secrets().isEmpty() && out.path(kind.key()).isArray()) {
                for (JsonNode item : out.path(kind.key())) {
                    if (item.isObject()) {
                        kind.secrets().forEach(((ObjectNode) item)::remove);
                    }
                }
            }
        }
        return out;
    }

    /**
     * A whole document sent back without secrets (as {@link #withoutSecrets} showed it): each
     * object keeps the secret it has now, found by its identity, unless the document gives one.
     * So a GET and a PUT of the answer changes nothing, and a PUT can still set a new password.
     */
    public static JsonNode keepingSecrets(JsonNode incoming, JsonNode current) {
        JsonNode out = incoming.deepCopy();
        for (Kind kind : KINDS.values()) {
            if (kind.secrets().isEmpty() || !out.path(kind.key()).isArray()) {
                continue;
            }
            for (JsonNode item : out.path(kind.key())) {
                if (!item.isObject()) {
                    continue;
                }
                String id = item.path(kind.identity()).asText(null);
                for (JsonNode now : current.path(kind.key())) {
                    if (id != null && id.equalsIgnoreCase(now.path(kind.identity()).asText())) {
                        for (String secret : kind.secrets()) {
                            if (!item.has(secret) && now.has(secret)) {
                                ((ObjectNode) item).set(secret, now.get(secret));
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /** An object as the API answers it: without its secrets. */
    private static JsonNode shown(Kind kind, JsonNode item) {
        if (kind.secrets().isEmpty() || !item.isObject()) {
            return item;
        }
        ObjectNode copy = ((ObjectNode) item).deepCopy();
        kind.secrets().forEach(copy::remove);
        return copy;
    }

    private static ObjectNode object(JsonNode body) throws ObjectException {
        if (body == null || !body.isObject()) {
            throw new ObjectException(ObjectException.Reason.NOT_AN_OBJECT, "the body must be a JSON object");
        }
        return ((ObjectNode) body).deepCopy();
    }

    private static int existing(JsonNode doc, Kind kind, String id) throws ObjectException {
        int at = indexOf(doc, kind, id);
        if (at < 0) {
            throw new ObjectException(ObjectException.Reason.NOT_FOUND, "there is no " + kind.key() + "/" + id);
        }
        return at;
    }

    private static int indexOf(JsonNode doc, Kind kind, String id) {
        JsonNode items = doc.path(kind.key());
        String key = id.toLowerCase(Locale.ROOT);
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).path(kind.identity()).asText("").toLowerCase(Locale.ROOT).equals(key)) {
                return i;
            }
        }
        return -1;
    }
}
