package io.mailflow.trace;

import io.mailflow.store.MailStore;
import io.mailflow.store.StoreException;
import io.mailflow.store.TraceQuery;
import io.mailflow.store.TraceRecord;
import io.mailflow.store.TracedMessage;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Answers "what happened to this message?" from the store, and prints the answer. */
public final class MessageTrace {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final MailStore store;

    public MessageTrace(MailStore store) {
        this.store = store;
    }

    public List<TracedMessage> find(TraceQuery query) throws StoreException {
        return store.trace(query);
    }

    /** A message's trace as text: a summary line, then one line per event. */
    public static String format(TracedMessage m) {
        StringBuilder b = new StringBuilder();
        b.append("Message ").append(m.queueId()).append("  received ").append(TIME.format(m.receivedAt()))
                .append("  from <").append(printable(m.sender())).append(">  to ")
                .append(m.recipients().stream().map(r -> "<" + printable(r) + ">").collect(Collectors.joining(", "))).append('\n');
        b.append("  Message-ID: ").append(m.messageId().isEmpty() ? "(none)" : printable(m.messageId()))
                .append("  Subject: ").append(printable(m.subject())).append("  Size: ").append(m.size())
                .append("  Client: ").append(m.clientIp()).append('\n');
        for (TraceRecord e : m.events()) {
            b.append("  ").append(TIME.format(e.at())).append("  ").append(String.format("%-8s", e.event()));
            if (e.recipient() != null) {
                b.append(" <").append(printable(e.recipient())).append('>');
            }
            Map<String, String> fields = TraceEvents.fields(e);
            fields.forEach((k, v) -> b.append("  ").append(k).append('=').append(printable(v)));
            b.append('\n');
        }
        return b.toString();
    }

    /**
     * Subjects, addresses and remote replies come from outside: control characters (an escape
     * sequence for the administrator's terminal, a CR/LF that fakes a trace line) are shown as
     * a backslash-u escape, never sent to the terminal as they are.
     */
    static String printable(String s) {
        if (s == null || s.chars().noneMatch(c -> c < 0x20 || c == 0x7f || c >= 0x80 && c < 0xa0)) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 8);
        s.chars().forEach(c -> {
            if (c < 0x20 || c == 0x7f || c >= 0x80 && c < 0xa0) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.append((char) c);
            }
        });
        return b.toString();
    }
}
