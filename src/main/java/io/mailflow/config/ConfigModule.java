package io.mailflow.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.mailflow.model.ByteSize;
import io.mailflow.model.Durations;
import java.io.IOException;
import java.time.Duration;

/** Reads the configuration's value types from their text forms ({@code 36MB}, {@code 5m}). */
final class ConfigModule extends SimpleModule {

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
