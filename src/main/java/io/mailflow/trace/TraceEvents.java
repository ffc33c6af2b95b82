package io.mailflow.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailflow.store.TraceRecord;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns {@link TraceEvent}s into stored {@link TraceRecord}s and back into readable fields. */
public final class TraceEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TraceEvents() {
    }

    public static TraceRecord record(String queueId, Instant at, TraceEvent event) {
        try {
            return new TraceRecord(queueId, at, event.name(), event.recipient(), JSON.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write trace event " + event, e);
        }
    }

    /** The stored fields of an event, in order, without null values and without the recipient. */
    public static Map<String, String> fields(TraceRecord record) {
        Map<String, String> out = new LinkedHashMap<>();
        try {
            JsonNode node = JSON.readTree(record.detail());
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> f = it.next();
                boolean empty = f.getValue().isNull() || f.getValue().isTextual() && f.getValue().asText().isEmpty();
                if (!empty && !f.getKey().equals("recipient") && !f.getKey().equals("name")) {
                    out.put(f.getKey(), f.getValue().isTextual() ? f.getValue().asText() : f.getValue().toString());
                }
            }
        } catch (JsonProcessingException e) {
            out.put("detail", record.detail());
        }
        return out;
    }
}
