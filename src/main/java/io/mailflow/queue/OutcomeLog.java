package io.mailflow.queue;

import io.mailflow.trace.TraceEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per delivery outcome, as Postfix logs {@code to=<...>, relay=..., delay=...,
 * dsn=..., status=sent}: for each recipient whose attempt ended, whichever agent made it (SMTP,
 * LMTP, Maildir) or when its message expired. The fields are SLF4J key/value pairs, so the JSON
 * log has them as fields ({@code "status": "sent"}) for a SIEM or a log summary tool.
 */
final class OutcomeLog {

    /** Postfix's words for where a recipient stands after the attempt. */
    enum Status {
        SENT, DEFERRED, BOUNCED;

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One outcome.
     *
     * @param attempt the attempt's number for this recipient (1 for the first)
     * @param relay the host reached or last tried, or null when none was
     * @param reply the next hop's reply or our reason
     */
    record Line(QueuedMessage m, QueuedMessage.Recipient r, Status status, int attempt, String reply,
            RecipientOutcome.Relay relay, Duration delay) {

        /** The same recipient, deferred after all (its non-delivery report could not be queued). */
        Line deferred(String why) {
            return new Line(m, r, Status.DEFERRED, attempt, why, relay, delay);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeLog.class);
    private static final String MAILBOX = "mailbox:";
    /** A reply code and its enhanced code (RFC 2034): {@code 450 4.4.316 ...}. */
    private static final Pattern ENHANCED = Pattern.compile("\\d{3}[ -][245]\\.(\\d{1,3}\\.\\d{1,3})(?![\\d.])");

    private OutcomeLog() {
    }

    /** The host an outcome names: the agent's relay, else what its trace event or remote MTA says. */
    static RecipientOutcome.Relay relayOf(RecipientOutcome o, String remoteMta) {
        if (o.relay() != null) {
            return o.relay();
        }
        if (o.event() instanceof TraceEvent.Send s) {
            return new RecipientOutcome.Relay(s.host(), s.ip(), s.tls());
        }
        return remoteMta == null ? null : new RecipientOutcome.Relay(remoteMta, "none", "none");
    }

    static void write(Line l) {
        String nextHop = l.r().nextHop;
        RecipientOutcome.Relay relay = l.relay();
        var line = LOG.atInfo().addKeyValue("queueId", l.m().id()).addKeyValue("messageId", l.m().message.messageId())
                .addKeyValue("from", l.m().message.sender()).addKeyValue("to", l.r().address).addKeyValue("nextHop", nextHop)
                .addKeyValue("host", relay == null ? "none" : relay.host()).addKeyValue("ip", relay == null ? "none" : relay.ip())
                .addKeyValue("tls", relay == null ? "none" : relay.tls())
                .addKeyValue("delay", BigDecimal.valueOf(l.delay().toMillis(), 3)).addKeyValue("attempt", l.attempt())
                .addKeyValue("dsn", dsn(l.reply(), l.status())).addKeyValue("status", l.status().word());
        if (nextHop != null && nextHop.startsWith(MAILBOX)) {
            line = line.addKeyValue("mailbox", nextHop.substring(MAILBOX.length()));
        }
        line.addKeyValue("reply", l.reply()).log("delivery " + l.status().word());
    }

    /**
     * The RFC 3463 status: its class is the outcome's, its subject and detail the reply's enhanced
     * code when it has one. An expiry is worded {@code 550 4.4.7} (Exchange's text) and is a
     * bounce, so 5.4.7, as its NDR says.
     */
    static String dsn(String reply, Status status) {
        char wanted = switch (status) {
            case SENT -> '2';
            case DEFERRED -> '4';
            case BOUNCED -> '5';
        };
        Matcher m = ENHANCED.matcher(reply == null ? "" : reply);
        return wanted + "." + (m.lookingAt() ? m.group(1) : "0.0");
    }
}
