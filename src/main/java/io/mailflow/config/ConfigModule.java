package io.mailflow.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.mailflow.model.ByteSize;
import io.mailflow.model.Durations;
import io.mailflow.model.RuleParameters;
import io.mailflow.model.TransportRule;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;

/** Reads the configuration's value types from their text forms ({@code 36MB}, {@code 5m}). */
final class ConfigModule extends SimpleModule {

    /** A YAML tree as plain Java values: maps, lists, strings, numbers, booleans. */
    private static Object plain(com.fasterxml.jackson.databind.JsonNode n) {
        if (n.isObject()) {
            java.util.Map<String, Object> m = new LinkedHashMap<>();
            n.properties().forEach(e -> m.put(e.getKey(), plain(e.getValue())));
            return m;
        }
        if (n.isArray()) {
            java.util.List<Object> l = new java.util.ArrayList<>();
            n.forEach(x -> l.add(plain(x)));
            return l;
        }
        if (n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isIntegralNumber()) {
            return n.canConvertToInt() ? (Object) n.intValue() : (Object) n.longValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        return n.asText();
    }

    ConfigModule() {
        super("mailflow-config");
        addDeserializer(ByteSize.class, new JsonDeserializer<>() {
            @Override
            public ByteSize deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                try {
                    return p.currentToken() == JsonToken.VALUE_NUMBER_INT ? ByteSize.ofBytes(p.getLongValue())
                            : ByteSize.parse(p.getValueAsString(""));
                } catch (IllegalArgumentException e) {
                    return (ByteSize) ctx.handleWeirdStringValue(ByteSize.class, p.getText(), e.getMessage());
                }
            }
        });
        // A rule's parameters are Exchange's flat list (conditions, exceptIf…, actions): read as a map
        // and interpreted by the model, which reports every problem with its field.
        addDeserializer(TransportRule.class, new JsonDeserializer<>() {
            @Override
            @SuppressWarnings("unchecked")
            public TransportRule deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                if (p.currentToken() != JsonToken.START_OBJECT) {
                    return (TransportRule) ctx.handleUnexpectedToken(TransportRule.class, p);
                }
                return RuleParameters.parse((java.util.Map<String, Object>) plain(ctx.readTree(p)));
            }
        });
        addDeserializer(Duration.class, new JsonDeserializer<>() {
            @Override
            public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                try {
                    return Durations.parse(p.getValueAsString(""));
                } catch (IllegalArgumentException e) {
                    return (Duration) ctx.handleWeirdStringValue(Duration.class, p.getText(), e.getMessage());
                }
            }
        });
    }
}
