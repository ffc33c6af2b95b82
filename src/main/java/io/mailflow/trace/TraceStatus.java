package io.mailflow.trace;

import io.mailflow.store.TraceRecord;
import io.mailflow.store.TracedMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A traced recipient's or message's status as Exchange's message trace names it, read from its
 * events: the last final event of each recipient decides (SEND or DELIVER, FAIL or an
 * administrator's delete, EXPAND), a
 * recipient without one is still Pending.
 */
public enum TraceStatus {
    Delivered, Pending, Failed, Expanded;

    /** The status name, without regard to case; null when it is none of them. */
    public static TraceStatus parse(String name) {
        for (TraceStatus s : values()) {
            if (s.name().toLowerCase(Locale.ROOT).equals(name.strip().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        return null;
    }

    /** Each recipient of the message with its status, in the message's recipient order. */
    public static Map<String, TraceStatus> byRecipient(TracedMessage m) {
        Map<String, TraceStatus> out = new LinkedHashMap<>();
        m.recipients().forEach(r -> out.put(r.toLowerCase(Locale.ROOT), Pending));
        for (TraceRecord e : m.events()) {
            if (e.recipient() == null) {
                continue;
            }
            TraceStatus s = switch (e.event()) {
                case "SEND", "DELIVER" -> Delivered;
                case "FAIL" -> Failed;
                case "EXPAND" -> Expanded;
                // an administrator's delete is final (Remove-Message); a retry is not
                case "ADMIN" -> e.detail() != null && e.detail().contains("\"delete") ? Failed : null;
                default -> null; // DEFER, PENDING, REROUTE: not final
            };
            if (s != null) {
                out.put(e.recipient().toLowerCase(Locale.ROOT), s);
            }
        }
        return out;
    }

    /**
     * One status for the message: Pending while any recipient is, then Failed if any failed,
     * Delivered if any was delivered, Expanded when it only went to groups.
     */
    public static TraceStatus of(TracedMessage m) {
        List<TraceStatus> all = List.copyOf(byRecipient(m).values());
        for (TraceStatus s : List.of(Pending, Failed, Delivered, Expanded)) {
            if (all.contains(s)) {
                return s;
            }
        }
        return Pending;
    }
}
