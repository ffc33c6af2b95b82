package io.mailflow.admin;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A JSON Schema (as OpenAPI 3.1 uses it) of a configuration record: its fields by the YAML's
 * names, read off the record so that the document cannot drift from what the loader accepts.
 * Values the loader parses from text (sizes like {@code 10MB}, durations like {@code 2d},
 * addresses, host:port) are strings here; the loader's checks stay the authority on them.
 */
final class RecordSchema {

    private RecordSchema() {
    }

    static ObjectNode of(Class<?> type) {
        return of(type, new HashSet<>());
    }

    private static ObjectNode of(Type type, Set<Class<?>> seen) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (List.class.isAssignableFrom(raw) || Set.class.isAssignableFrom(raw)) {
            Type element = type instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
            ObjectNode a = json.objectNode().put("type", "array");
            a.set("items", of(element, seen));
            return a;
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return json.objectNode().put("type", "boolean");
        }
        if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            return json.objectNode().put("type", "integer");
        }
        if (raw.isEnum()) {
            ObjectNode e = json.objectNode().put("type", "string");
            var values = e.putArray("enum");
            Arrays.stream(raw.getEnumConstants()).forEach(c -> values.add(c.toString()));
            return e;
        }
        if (raw.isRecord() && seen.add(raw)) {
            ObjectNode o = json.objectNode().put("type", "object");
            ObjectNode properties = o.putObject("properties");
            for (RecordComponent c : raw.getRecordComponents()) {
                properties.set(c.getName(), of(c.getGenericType(), seen));
            }
            seen.remove(raw);
            return o;
        }
        if (raw.isRecord() || raw.isInterface() || raw == Object.class || java.util.Map.class.isAssignableFrom(raw)) {
            return json.objectNode(); // a sealed family (rule conditions, actions) or a recursive record: any value the loader takes
        }
        return json.objectNode().put("type", "string");
    }
}
