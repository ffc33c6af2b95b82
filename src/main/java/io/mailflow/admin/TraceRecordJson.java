package io.mailflow.admin;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.mailflow.store.TraceRecord;
import java.io.IOException;
import java.time.Instant;

/**
 * A trace event in the API and {@code trace --json}: its {@code detail} (stored as JSON text) is
 * a JSON object of the event's fields, not a string to be parsed a second time.
 */
final class TraceRecordJson {

    private static final ObjectMapper PLAIN = new ObjectMapper();

    private TraceRecordJson() {
    }

    static SimpleModule module() {
        return new SimpleModule("trace-record").addSerializer(TraceRecord.class, new Writer())
                .addDeserializer(TraceRecord.class, new Reader());
    }

    private static final class Writer extends JsonSerializer<TraceRecord> {
        @Override
        public void serialize(TraceRecord r, JsonGenerator g, SerializerProvider provider) throws IOException {
            g.writeStartObject();
            g.writeStringField("queueId", r.queueId());
            g.writeStringField("at", r.at().toString());
            g.writeStringField("event", r.event());
            g.writeStringField("recipient", r.recipient());
            g.writeFieldName("detail");
            JsonNode detail = parsed(r.detail());
            if (detail == null) {
                g.writeString(r.detail()); // not JSON (never written so): kept as it is
            } else {
                g.writeTree(detail);
            }
            g.writeEndObject();
        }

        private static JsonNode parsed(String detail) {
            try {
                return detail == null ? null : PLAIN.readTree(detail);
            } catch (JsonProcessingException e) {
                return null;
            }
        }
    }

    /** Reads both shapes: the object, and the string older gateways send. */
    private static final class Reader extends JsonDeserializer<TraceRecord> {
        @Override
        public TraceRecord deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonNode n = p.readValueAsTree();
            JsonNode detail = n.path("detail");
            return new TraceRecord(text(n, "queueId"), Instant.parse(n.path("at").asText()), text(n, "event"),
                    text(n, "recipient"), detail.isTextual() ? detail.asText() : detail.isMissingNode() ? "{}" : detail.toString());
        }

        private static String text(JsonNode n, String field) {
            JsonNode v = n.get(field);
            return v == null || v.isNull() ? null : v.asText();
        }
    }
}
