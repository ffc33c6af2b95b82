package io.mailflow.receive;

import io.mailflow.smtp.Reply;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One log line for every 4xx or 5xx reply given to a client, the way Postfix logs {@code NOQUEUE:
 * reject: RCPT from host[ip]: 550 5.1.1 ...; from=<s> to=<r> proto=ESMTP helo=<h>}, with the same
 * facts as structured fields; and one for a client cut off without a reply. At most
 * {@link #PER_CLIENT} lines per client IP and {@link #WINDOW}: the rest are counted, and reported
 * in one line when the client's window is over.
 */
final class RefusalLog {

    static final int PER_CLIENT = 20;
    static final Duration WINDOW = Duration.ofMinutes(1);
    /** Clients with a budget of their own; beyond, the rest share one. */
    static final int MAX_CLIENTS = 10_000;
    /** The most of a client's own text (HELO name, addresses) a line repeats. */
    private static final int MAX_CLIENT_TEXT = 200;

    private static final Logger LOG = LoggerFactory.getLogger(RefusalLog.class);

    /**
     * A refusal and what the client was doing.
     *
     * @param command the verb the reply answers ({@code CONNECT} before any, {@code UNKNOWN} for a line that is none)
     * @param from the transaction's reverse-path as written ({@code <>} for the null sender), or null outside one
     * @param to the RCPT's forward-path as written, the first recipient's at the end of the message, or null
     */
    record Refusal(String client, String listener, String helo, boolean esmtp, String command, String from, String to,
            Reply reply) {
    }

    private final LogBudget budget;

    RefusalLog(Clock clock) {
        this.budget = new LogBudget(clock, PER_CLIENT, WINDOW, MAX_CLIENTS);
    }

    void refused(Refusal r) {
        if (!admitted(r.client())) {
            return;
        }
        StringBuilder line = new StringBuilder("NOQUEUE: reject: ").append(r.command()).append(" from unknown[").append(r.client())
                .append("]: ").append(r.reply().text());
        LoggingEventBuilder event = LOG.atInfo().addKeyValue("event", "reject");
        event = facts(event, line, r.client(), r.listener(), r.command(), r.from(), r.to(), r.esmtp(), r.helo());
        event.addKeyValue("code", r.reply().code()).addKeyValue("dsn", r.reply().enhancedCode())
                .addKeyValue("reply", String.join(" ", r.reply().lines())).log(line.toString());
    }

    /** A client cut off without a reply (it would not read one): {@code reason} as the metric names it. */
    void disconnected(String client, String listener, String helo, boolean esmtp, String reason, String why) {
        if (!admitted(client)) {
            return;
        }
        StringBuilder line = new StringBuilder("disconnect: unknown[").append(client).append("]: ").append(why);
        LoggingEventBuilder event = LOG.atInfo().addKeyValue("event", "disconnect").addKeyValue("reason", reason);
        facts(event, line, client, listener, null, null, null, esmtp, helo).log(line.toString());
    }

    /** Reports the clients whose window is over (every client's, when {@code all}: the gateway stops) and had lines left out. */
    void flush(boolean all) {
        budget.sweep(all).forEach(RefusalLog::summary);
    }

    private boolean admitted(String client) {
        LogBudget.Admission a = budget.admit(client);
        if (a.ended() != null) {
            summary(a.ended());
        }
        return a.log();
    }

    private static void summary(LogBudget.Suppressed s) {
        String who = s.client().equals(LogBudget.OTHERS) ? LogBudget.OTHERS : "unknown[" + s.client() + "]";
        LOG.atInfo().addKeyValue("event", "reject_summary").addKeyValue("client", s.client()).addKeyValue("suppressed", s.count())
                .addKeyValue("since", s.since()).addKeyValue("until", s.until())
                .log("NOQUEUE: " + s.count() + " further refusals from " + who + " not logged between " + s.since() + " and " + s.until());
    }

    /** The fields both lines share, and their Postfix-style tail ({@code ; from=<> to=<> proto=ESMTP helo=<>}). */
    private static LoggingEventBuilder facts(LoggingEventBuilder event, StringBuilder line, String client, String listener,
            String command, String from, String to, boolean esmtp, String helo) {
        LoggingEventBuilder e = event.addKeyValue("client", client).addKeyValue("listener", listener);
        line.append(';');
        if (command != null) {
            e = e.addKeyValue("command", command);
        }
        if (from != null) {
            line.append(" from=").append(clean(from));
            e = e.addKeyValue("from", bare(from));
        }
        if (to != null) {
            line.append(" to=").append(clean(to));
            e = e.addKeyValue("to", bare(to));
        }
        if (helo != null) {
            line.append(" proto=").append(esmtp ? "ESMTP" : "SMTP").append(" helo=<").append(clean(helo)).append('>');
            e = e.addKeyValue("proto", esmtp ? "ESMTP" : "SMTP").addKeyValue("helo", clean(helo));
        }
        return e;
    }

    /** An address without its angle brackets: "" for the null sender. */
    private static String bare(String path) {
        String p = clean(path);
        return p.startsWith("<") && p.endsWith(">") ? p.substring(1, p.length() - 1) : p;
    }

    /** Text from the client as a log line may hold it: no control characters, not longer than a line needs. */
    private static String clean(String text) {
        StringBuilder b = new StringBuilder(Math.min(text.length(), MAX_CLIENT_TEXT));
        for (int i = 0; i < text.length() && b.length() < MAX_CLIENT_TEXT; i++) {
            char c = text.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return text.length() > MAX_CLIENT_TEXT ? b.append("...").toString() : b.toString();
    }
}
