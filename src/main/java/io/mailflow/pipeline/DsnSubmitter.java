package io.mailflow.pipeline;

import io.mailflow.config.ConfigSnapshot;
import io.mailflow.dsn.DeliveryStatusNotification;
import io.mailflow.dsn.DsnAction;
import io.mailflow.dsn.DsnRequest;
import io.mailflow.dsn.RecipientReport;
import io.mailflow.model.DomainType;
import io.mailflow.model.EmailAddress;
import io.mailflow.queue.DeliveryReports;
import io.mailflow.queue.IncomingMessage;
import io.mailflow.queue.MailQueue;
import io.mailflow.routing.NextHop;
import io.mailflow.routing.RouteDecision;
import io.mailflow.routing.RouteRequest;
import io.mailflow.routing.Router;
import io.mailflow.store.MailStore;
import io.mailflow.message.MessageContent;
import io.mailflow.store.StoreException;
import io.mailflow.store.StoredMessage;
import io.mailflow.store.StoredRecipient;
import io.mailflow.trace.TraceEvent;
import io.mailflow.trace.TraceEvents;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends delivery status notifications (RFC 3464) for the queue: composes the notice, routes it
 * like any other message (to a mailbox here, or out) and queues it durably. Never to the null
 * sender, only what NOTIFY asks for, and from {@code postmaster@} the first accepted domain.
 */
public final class DsnSubmitter implements DeliveryReports {

    private static final Logger LOG = LoggerFactory.getLogger(DsnSubmitter.class);

    private final MailQueue queue;
    private final MailStore store;
    private final Supplier<ConfigSnapshot> config;
    private final Clock clock;

    public DsnSubmitter(MailQueue queue, MailStore store, Supplier<ConfigSnapshot> config, Clock clock) {
        this.queue = queue;
        this.store = store;
        this.config = config;
        this.clock = clock;
    }

    /**
     * A notice decided on.
     *
     * @param notice the notice to queue, or null when none is sent
     * @param event the DSN event for the original message's trace, or null when nothing was asked
     */
    record Prepared(IncomingMessage notice, TraceEvent.Dsn event) {
        static final Prepared NOTHING = new Prepared(null, null);
    }

    /** Where the original's content comes from, read only when a notice is composed. */
    @FunctionalInterface
    interface Original {
        byte[] bytes() throws StoreException;
    }

    @Override
    public void report(StoredMessage message, Kind kind, List<Reported> recipients) {
        Prepared p;
        try {
            p = prepare(message, () -> {
                MessageContent content = store.content(message.queueId());
                try {
                    return content.toByteArray();
                } finally {
                    content.release();
                }
            }, DsnAction.valueOf(kind.name()), recipients);
            if (p.notice() != null) {
                queue.enqueue(p.notice());
            }
        } catch (StoreException e) {
            // The recipients' new state is not stored yet: after a restart they are tried again and reported then.
            throw new IllegalStateException("cannot queue the " + kind + " notice for " + message.queueId(), e);
        }
        if (p.event() != null) {
            trace(message, p.event());
        }
    }

    /**
     * Decides whether {@code message}'s sender gets a notice about these recipients and composes
     * it, without queueing it: the intake stores an "expanded" notice in the same transaction as
     * the message it is about.
     */
    Prepared prepare(StoredMessage message, Original original, DsnAction action, List<Reported> recipients)
            throws StoreException {
        List<Reported> asked = recipients.stream()
                .filter(r -> DeliveryStatusNotification.requested(r.dsnNotify(), action)).toList();
        if (message.sender().isEmpty() || asked.isEmpty()) {
            return Prepared.NOTHING; // RFC 3461 §6.2 / RFC 5321 §4.5.5: never a notice about a notice; NOTIFY said no
        }
        ConfigSnapshot cfg = config.get();
        EmailAddress to = EmailAddress.parseLenient(message.sender());
        RouteDecision route = Router.decide(RouteRequest.of(to), cfg);
        String wire = action.name().toLowerCase(Locale.ROOT);
        if (route.nextHop() instanceof NextHop.Mx mx && cfg.acceptedDomain(mx.domain())
                .filter(d -> d.domainType() == DomainType.Authoritative).isPresent()) {
            return new Prepared(null, new TraceEvent.Dsn(null, wire, addresses(asked), "not sent: " + to
                    + " is no mailbox of the Authoritative domain " + mx.domain()));
        }
        IncomingMessage notice = compose(message, original.bytes(), action, asked, to, route, cfg);
        return new Prepared(notice, new TraceEvent.Dsn(null, wire, addresses(asked), notice.message().queueId()));
    }

    private IncomingMessage compose(StoredMessage message, byte[] original, DsnAction action, List<Reported> asked,
            EmailAddress to, RouteDecision route, ConfigSnapshot cfg) {
        String hostname = cfg.configuration().server().hostname();
        String postmaster = "postmaster@" + cfg.defaultDomain().orElse(hostname);
        Instant now = clock.instant();
        String id = queue.newQueueId();
        String messageId = id + "." + action.name().toLowerCase(Locale.ROOT) + "@" + hostname;
        List<RecipientReport> reports = asked.stream().map(r -> report(action, r)).toList();
        byte[] dsn = DeliveryStatusNotification.compose(new DsnRequest(hostname, postmaster, message.sender(),
                message.attribute("dsnEnvid"), message.receivedAt(), reports, "FULL".equals(message.attribute("dsnRet")),
                original, message.subject()), now, messageId);
        // A returned original may carry 8-bit text: such a notice must travel with BODY=8BITMIME.
        boolean eightBit = false;
        for (byte b : dsn) {
            eightBit |= b < 0;
        }
        StoredMessage m = new StoredMessage(id, now, "", dsn.length, "<" + messageId + ">",
                subjectOf(action, message.subject()), "127.0.0.1", Map.of("origin", "dsn", "dsnFor", message.queueId(),
                        // RCPT TO and the To: field carry the sender's address: in UTF-8, the notice needs SMTPUTF8
                        "smtpUtf8", Boolean.toString(!to.toString().chars().allMatch(ch -> ch < 0x80)), "protocol", "local",
                        "body", eightBit ? "8BITMIME" : "7BIT"));
        StoredRecipient rcpt = StoredRecipient.queued(0, to.toString(), null, null, route.nextHop().key());
        return new IncomingMessage(m, MessageContent.ofBytes(dsn), List.of(rcpt), List.of(
                new TraceEvent.Receive("127.0.0.1", hostname, "dsn", "", null, null, "", List.of(to.toString()), dsn.length,
                        m.messageId()),
                new TraceEvent.Route(to.toString(), route.nextHop().key(), String.join("; ", route.steps()))));
    }

    private static RecipientReport report(DsnAction action, Reported r) {
        // Exchange words an expiry "550 4.4.7 QUEUE.Expired"; the report's Status is the RFC 3463 permanent form.
        String status = r.reason() != null && r.reason().startsWith("550 4.4.7") ? "5.4.7"
                : DeliveryStatusNotification.statusOf(r.reason());
        return new RecipientReport(r.address(), r.orcpt(), action, status, r.remoteMta(), r.reason(), r.lastAttempt(),
                action == DsnAction.DELAYED ? r.willRetryUntil() : null);
    }

    private static String subjectOf(DsnAction action, String subject) {
        return switch (action) {
            case FAILED -> "Undeliverable: ";
            case DELAYED -> "Delivery delayed: ";
            case DELIVERED -> "Delivered: ";
            case RELAYED -> "Relayed: ";
            case EXPANDED -> "Expanded: ";
        } + subject;
    }

    private static List<String> addresses(List<Reported> rs) {
        return rs.stream().map(Reported::address).toList();
    }

    private void trace(StoredMessage message, TraceEvent event) {
        store.trace(List.of(TraceEvents.record(message.queueId(), clock.instant(), event)));
        LOG.atInfo().addKeyValue("queueId", message.queueId()).addKeyValue("event", event).log("sender notice");
    }
}
