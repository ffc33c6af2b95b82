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
import io.mailflow.store.MessageContent;
import io.mailflow.store.StoreException;
import io.mailflow.store.StoredMessage;
import io.mailflow.store.StoredRecipient;
import io.mailflow.trace.TraceEvent;
import io.mailflow.trace.TraceEvents;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
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

    @Override
    public void report(StoredMessage message, Kind kind, List<Reported> recipients) {
        DsnAction action = DsnAction.valueOf(kind.name());
        List<Reported> asked = recipients.stream()
                .filter(r -> DeliveryStatusNotification.requested(r.dsnNotify(), action)).toList();
        if (message.sender().isEmpty() || asked.isEmpty()) {
            return; // RFC 3461 §6.2 / RFC 5321 §4.5.5: never a notice about a notice; NOTIFY said no
        }
        ConfigSnapshot cfg = config.get();
        EmailAddress to = EmailAddress.parseLenient(message.sender());
        RouteDecision route = Router.decide(RouteRequest.of(to), cfg);
        if (route.nextHop() instanceof NextHop.Mx mx && cfg.acceptedDomain(mx.domain())
                .filter(d -> d.domainType() == DomainType.Authoritative).isPresent()) {
            trace(message, new TraceEvent.Dsn(null, action.name().toLowerCase(), addresses(asked), "not sent: " + to
                    + " is no mailbox of the Authoritative domain " + mx.domain()));
            return;
        }
        try {
            String id = submit(message, action, asked, to, route, cfg);
            trace(message, new TraceEvent.Dsn(null, action.name().toLowerCase(), addresses(asked), id));
        } catch (StoreException e) {
            // The recipients' new state is not stored yet: after a restart they are tried again and reported then.
            throw new IllegalStateException("cannot queue the " + action + " notice for " + message.queueId(), e);
        }
    }

    private String submit(StoredMessage message, DsnAction action, List<Reported> asked, EmailAddress to, RouteDecision route,
            ConfigSnapshot cfg) throws StoreException {
        String hostname = cfg.configuration().server().hostname();
        String postmaster = "postmaster@" + cfg.defaultDomain().orElse(hostname);
        Instant now = clock.instant();
        String id = queue.newQueueId();
        String messageId = id + "." + action.name().toLowerCase() + "@" + hostname;
        List<RecipientReport> reports = asked.stream().map(r -> report(action, r)).toList();
        MessageContent original = store.content(message.queueId());
        byte[] dsn;
        try {
            dsn = DeliveryStatusNotification.compose(new DsnRequest(hostname, postmaster, message.sender(),
                    message.attribute("dsnEnvid"), message.receivedAt(), reports, "FULL".equals(message.attribute("dsnRet")),
                    original.toByteArray(), message.subject()), now, messageId);
        } finally {
            original.release();
        }
        // A returned original may carry 8-bit text: such a notice must travel with BODY=8BITMIME.
        boolean eightBit = false;
        for (byte b : dsn) {
            eightBit |= b < 0;
        }
        StoredMessage m = new StoredMessage(id, now, "", dsn.length, "<" + messageId + ">",
                subjectOf(action, message.subject()), "127.0.0.1", Map.of("origin", "dsn", "dsnFor", message.queueId(),
                        "smtpUtf8", "false", "protocol", "local", "body", eightBit ? "8BITMIME" : "7BIT"));
        StoredRecipient rcpt = StoredRecipient.queued(0, to.toString(), null, null, route.nextHop().key());
        queue.enqueue(new IncomingMessage(m, MessageContent.ofBytes(dsn), List.of(rcpt), List.of(
                new TraceEvent.Receive("127.0.0.1", hostname, "dsn", "", null, null, "", List.of(to.toString()), dsn.length,
                        m.messageId()),
                new TraceEvent.Route(to.toString(), route.nextHop().key(), String.join("; ", route.steps())))));
        return id;
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
