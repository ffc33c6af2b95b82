package io.mailflow.admin.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code --fieldName value} flags as the fields of an object, typed by the record they belong to,
 * as a cmdlet's parameters are: a list takes comma-separated values ({@code --smartHosts h1,h2}), a
 * yes/no field {@code true} or {@code false}, a number digits, a nested section (a rule's
 * conditions) YAML or JSON ({@code --conditions '{sentToScope: NotInOrganization}'}); {@code $null}
 * clears a field back to its default. The server checks the values exactly as it checks the file,
 * so a wrong one comes back named by its field.
 */
final class FieldFlags {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String NULL = "$null";

    private FieldFlags() {
    }

    /** A flag that names no field of the kind, or lacks its value. */
    static final class FlagException extends Exception {
        FlagException(String message) {
            super(message);
        }
    }

    /** The flags as a JSON object of the kind's fields. */
    static ObjectNode parse(ObjectKind kind, List<String> flags) throws FlagException {
        Map<String, RecordComponent> fields = new LinkedHashMap<>();
        for (RecordComponent c : kind.type().getRecordComponents()) {
            fields.put(c.getName(), c);
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < flags.size(); i++) {
            String flag = flags.get(i);
            if (!flag.startsWith("--") || flag.length() == 2) {
                throw new FlagException("expected --fieldName VALUE, got '" + flag + "'");
            }
            String name = flag.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            RecordComponent field = fields.get(name);
            if (field == null) {
                throw new FlagException(kind.noun() + " has no field '" + name + "' (its fields: "
                        + String.join(", ", fields.keySet()) + ")");
            }
            if (value == null) {
                if (i + 1 >= flags.size()) {
                    throw new FlagException("--" + name + " needs a value");
                }
                value = flags.get(++i);
            }
            out.set(name, value(name, field.getGenericType(), value));
        }
        return out;
    }

    private static JsonNode value(String name, Type type, String text) throws FlagException {
        JsonNodeFactory json = JsonNodeFactory.instance;
        if (text.equals(NULL)) {
            return json.nullNode();
        }
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (List.class.isAssignableFrom(raw)) {
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            if (text.trim().startsWith("[")) {
                return structured(name, text);
            }
            ArrayNode list = json.arrayNode();
            if (!text.isBlank()) {
                for (String item : text.split(",")) {
                    list.add(value(name, element, item.trim()));
                }
            }
            return list;
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return switch (text.toLowerCase(java.util.Locale.ROOT)) {
                case "true" -> json.booleanNode(true);
                case "false" -> json.booleanNode(false);
                default -> json.textNode(text); // refused by the server, which names the field
            };
        }
        if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class) {
            try {
                return json.numberNode(Long.parseLong(text));
            } catch (NumberFormatException e) {
                return json.textNode(text);
            }
        }
        if (raw.isRecord() || raw.isInterface() || Map.class.isAssignableFrom(raw)) {
            return structured(name, text);
        }
        return json.textNode(text); // text, an enum, a size (10MB), a duration (2d), an address
    }

    private static JsonNode structured(String name, String text) throws FlagException {
        try {
            return YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new FlagException("--" + name + " takes YAML or JSON here: " + e.getOriginalMessage());
        }
    }

    /** The kind's field names, for help texts. */
    static String names(ObjectKind kind) {
        return Arrays.stream(kind.type().getRecordComponents()).map(RecordComponent::getName).collect(Collectors.joining(", "));
    }
}
