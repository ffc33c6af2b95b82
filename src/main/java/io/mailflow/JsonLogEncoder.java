package io.mailflow;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.event.KeyValuePair;

/**
 * One JSON object per log line, flat, for a SIEM: {@code timestamp} (ISO-8601, UTC), {@code level},
 * {@code thread}, {@code logger}, {@code message}, then each key/value pair of the event as a member
 * of its own (numbers as numbers: {@code "status": "sent", "delay": 0.42}), and {@code exception}
 * (the stack trace as text) when there is one. A pair named like one of the first five is written
 * as {@code kv.<name>}; a repeated name keeps its first value. (Logback's own JsonEncoder nests the
 * pairs as a list of one-member objects, which log tools cannot query by name.)
 */
public final class JsonLogEncoder extends EncoderBase<ILoggingEvent> {

    private static final JsonFactory JSON = new JsonFactory();
    private static final Set<String> RESERVED = Set.of("timestamp", "level", "thread", "logger", "message", "exception");
    private static final byte[] NONE = new byte[0];

    @Override
    public byte[] headerBytes() {
        return NONE;
    }

    @Override
    public byte[] footerBytes() {
        return NONE;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("timestamp", Instant.ofEpochMilli(event.getTimeStamp()).toString());
            g.writeStringField("level", event.getLevel().toString());
            g.writeStringField("thread", event.getThreadName());
            g.writeStringField("logger", event.getLoggerName());
            g.writeStringField("message", event.getFormattedMessage());
            pairs(g, event.getKeyValuePairs());
            if (event.getThrowableProxy() != null) {
                g.writeStringField("exception", ThrowableProxyUtil.asString(event.getThrowableProxy()));
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        out.write('\n');
        return out.toByteArray();
    }

    private static void pairs(JsonGenerator g, List<KeyValuePair> pairs) throws IOException {
        if (pairs == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (KeyValuePair p : pairs) {
            String name = RESERVED.contains(p.key) ? "kv." + p.key : p.key;
            if (!seen.add(name)) {
                continue;
            }
            g.writeFieldName(name);
            switch (p.value) {
                case null -> g.writeNull();
                case Integer i -> g.writeNumber(i);
                case Long l -> g.writeNumber(l);
                case BigDecimal d -> g.writeNumber(d);
                case Double d when Double.isFinite(d) -> g.writeNumber(d);
                case Boolean b -> g.writeBoolean(b);
                default -> g.writeString(p.value.toString());
            }
        }
    }
}
