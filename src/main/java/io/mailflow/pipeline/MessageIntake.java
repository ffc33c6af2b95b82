package io.mailflow.pipeline;

import io.mailflow.config.ConfigSnapshot;
import io.mailflow.dsn.DsnAction;
import io.mailflow.model.Limits;
import io.mailflow.queue.DeliveryReports;
import io.mailflow.queue.IncomingMessage;
import io.mailflow.queue.MailQueue;
import io.mailflow.routing.RouteDecision;
import io.mailflow.routing.RouteRequest;
import io.mailflow.routing.Router;
import io.mailflow.smtp.SmtpReplies;
import io.mailflow.message.MessageContent;
import io.mailflow.store.RecipientState;
import io.mailflow.store.StoreException;
import io.mailflow.store.StoredMessage;
import io.mailflow.store.StoredRecipient;
import io.mailflow.trace.TraceEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a complete message from a session and either queues it durably or says why not. The
 * session answers 250 only for {@link IntakeResult.Accepted}.
 */
public final class MessageIntake {

    private static final Logger LOG = LoggerFactory.getLogger(MessageIntake.class);

    /** A message this large has more body text than a rule scan keeps of a small one. */
    static final long LARGE_MESSAGE = 1024 * 1024;
    /** Large messages whose rules run at once: the rules are CPU work, more than a few at a time only wait. */
    static final int LARGE_SCANS = Math.max(2, Runtime.getRuntime().availableProcessors());

    private final MailQueue queue;
    private final Clock clock;
    private final DsnSubmitter notices;
    private final java.util.concurrent.Semaphore largeScans = new java.util.concurrent.Semaphore(LARGE_SCANS, true);

    /** @param notices composes the "expanded" notices for distribution groups */
    public MessageIntake(MailQueue queue, Clock clock, DsnSubmitter notices) {
        this.queue = queue;
        this.clock = clock;
        this.notices = notices;
    }

    public IntakeResult receive(Envelope envelope, ClientFacts client, MessageContent content, ConfigSnapshot config) {
        Limits limits = config.configuration().server().limits();
        String hostname = config.configuration().server().hostname();
        int maxHeader = (int) Math.min(Integer.MAX_VALUE - 1, limits.maxHeaderSize().bytes());
        byte[] head = content.headerSection(maxHeader + 1);
        HeaderSection header = HeaderSection.parse(head, head.length == content.size());
        if (!header.complete() && head.length > maxHeader) {
            return new IntakeResult.Rejected(SmtpReplies.HEADER_TOO_BIG, "header section larger than " + limits.maxHeaderSize());
        }
        int ownHops = header.receivedBy(hostname);
        int hops = header.all("Received").size();
        if (ownHops > limits.maxLocalHopCount() || hops > limits.maxHopCount()) {
            return new IntakeResult.Rejected(SmtpReplies.LOOP_DETECTED,
                    "loop: " + ownHops + " Received: hops through " + hostname + ", " + hops + " in all");
        }
        Instant now = clock.instant();
        MessagePlanner.Plan plan;
        try {
            plan = plan(envelope, client, content, config, now);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new IntakeResult.Rejected(SmtpReplies.STORAGE_FAILED, "interrupted while waiting to run the rules");
        }
        if (plan instanceof MessagePlanner.Plan.Refused r) {
            LOG.atInfo().addKeyValue("reason", r.why()).log("message refused at end of data");
            return new IntakeResult.Rejected(r.reply(), r.why());
        }
        MessagePlanner.Plan.Accepted accepted = (MessagePlanner.Plan.Accepted) plan;
        List<IncomingMessage> messages = queueables(accepted, envelope, client, header, hostname, now);
        try {
            expandedNotice(accepted.expanded(), messages, now, maxHeader + 4);
            queue.enqueueAll(messages);
            if (messages.size() > 1 || accepted.copies().getFirst().changed()) {
                // No queued message holds the content as received (the queue holds changed copies
                // in memory and reads shared ones back from the store): its spill file goes now.
                content.release();
            }
        } catch (StoreException e) {
            LOG.atError().setCause(e).addKeyValue("queueId", messages.getFirst().message().queueId())
                    .log("message not stored; answering 451");
            return new IntakeResult.Rejected(SmtpReplies.STORAGE_FAILED, "storage failed: " + e.getMessage());
        }
        return new IntakeResult.Accepted(String.join(",", messages.stream().map(m -> m.message().queueId()).toList()));
    }

    /**
     * Plans the message. Rules read up to a few MB of a large message's body text (BodyScan's
     * limits); {@link #LARGE_SCANS} bounds how many large messages are read at once, so that the
     * memory this takes is bounded however many clients end their DATA at the same moment.
     */
    private MessagePlanner.Plan plan(Envelope envelope, ClientFacts client, MessageContent content, ConfigSnapshot config,
            Instant now) throws InterruptedException {
        if (config.rules().isEmpty() || content.size() < LARGE_MESSAGE) {
            return MessagePlanner.plan(envelope, client, content, config, now, false);
        }
        largeScans.acquire();
        try {
            return MessagePlanner.plan(envelope, client, content, config, now, false);
        } finally {
            largeScans.release();
        }
    }

    /**
     * Groups whose sender asked to hear of success get an "expanded" notice (RFC 3464 §2.3.3),
     * stored with the message in one transaction: it can be neither lost nor sent for a message
     * that was not kept. The notice's DSN event joins the first copy's trace.
     */
    private void expandedNotice(List<RecipientResolver.Expanded> expanded, List<IncomingMessage> messages, Instant now,
            int headLimit) throws StoreException {
        if (expanded.isEmpty()) {
            return;
        }
        IncomingMessage first = messages.getFirst();
        List<DeliveryReports.Reported> groups = expanded.stream().map(g -> new DeliveryReports.Reported(g.group().toString(),
                g.orcpt(), g.dsnNotify(), "250 2.0.0 Expanded to the group's members", null, now, null)).toList();
        // An "expanded" notice returns the header section only (RFC 3461 §4.3): the body is not read.
        DsnSubmitter.Prepared p = notices.prepare(first.message(), () -> first.content().head(headLimit), DsnAction.EXPANDED,
                groups);
        if (p.event() != null) {
            List<TraceEvent> events = new ArrayList<>(first.events());
            events.add(p.event());
            messages.set(0, new IncomingMessage(first.message(), first.content(), first.recipients(), events));
        }
        if (p.notice() != null) {
            messages.add(p.notice());
        }
    }

    /**
     * Every copy, each with its own queue id; all copies of a submitted message without a
     * Message-ID get the same new one, so that replies find each other.
     */
    private List<IncomingMessage> queueables(MessagePlanner.Plan.Accepted accepted, Envelope envelope, ClientFacts client,
            HeaderSection header, String hostname, Instant now) {
        List<String> queueIds = accepted.copies().stream().map(c -> queue.newQueueId()).toList();
        String newMessageId = SubmissionHeaders.appliesTo(client) ? SubmissionHeaders.newMessageId(queueIds.getFirst(), hostname) : null;
        List<IncomingMessage> messages = new ArrayList<>();
        for (int i = 0; i < queueIds.size(); i++) {
            messages.add(queueable(accepted.copies().get(i), queueIds.get(i), newMessageId, accepted.events(), envelope, client,
                    header, hostname, now));
        }
        return messages;
    }

    /**
     * One copy as the queue stores it: its own queue id, our Received: field naming that id (and
     * for submitted mail the Message-ID and Date it lacked), its recipients with their next hops,
     * and its trace (RECEIVE, what happened to the whole message, then each recipient's route).
     *
     * @param newMessageId the Message-ID a submitted message without one gets, or null for mail that gets none
     */
    private IncomingMessage queueable(MessagePlanner.Copy copy, String queueId, String newMessageId, List<TraceEvent> common,
            Envelope envelope, ClientFacts client, HeaderSection header, String hostname, Instant now) {
        HeaderSection h = copy.changed() ? HeaderSection.parse(copy.content().headerSection(256 * 1024), false) : header;
        SubmissionHeaders.Added added = SubmissionHeaders.missing(h, newMessageId, now, clock.getZone());
        MessageContent stamped = copy.content().withPrefix(added.fields())
                .withPrefix(ReceivedHeader.build(client, hostname, queueId, envelope, now));
        String messageId = added.messageId() != null ? added.messageId() : h.first("Message-ID");
        List<TraceEvent> events = new ArrayList<>();
        events.add(new TraceEvent.Receive(client.ip(), client.helo(), client.listener(), client.tlsText(),
                client.inboundConnector(), client.authenticatedUser(), sender(envelope),
                envelope.recipients().stream().map(r -> r.address().toString()).toList(), stamped.size(), messageId));
        events.addAll(common);
        List<StoredRecipient> recipients = new ArrayList<>();
        List<MessagePlanner.Planned> planned = copy.recipients();
        for (int i = 0; i < planned.size(); i++) {
            MessagePlanner.Planned r = planned.get(i);
            RouteDecision decision = r.route();
            if (decision.resolvedFrom() != null) {
                String mailbox = decision.nextHop().key().substring("mailbox:".length());
                events.add(new TraceEvent.Resolve(r.address().toString(), mailbox));
            }
            events.add(new TraceEvent.Route(r.address().toString(), decision.nextHop().key(), String.join("; ", decision.steps())));
            recipients.add(StoredRecipient.queued(i, r.address().toString(), r.orcpt(), r.dsnNotify(), decision.nextHop().key(),
                    r.ruleRoute()));
        }
        List<String> nextHops = recipients.stream().map(StoredRecipient::nextHop).distinct().toList();
        if (nextHops.size() > 1) {
            events.add(new TraceEvent.Transfer(null, nextHops)); // bifurcation: one delivery per next hop
        }
        StoredMessage message = new StoredMessage(queueId, now, sender(envelope), stamped.size(), messageId,
                truncate(h.subject(), 256), client.ip(), attributes(envelope, client));
        return new IncomingMessage(message, stamped, recipients, events);
    }

    private static String sender(Envelope envelope) {
        return envelope.sender() == null ? "" : envelope.sender().toString();
    }

    private static Map<String, String> attributes(Envelope e, ClientFacts c) {
        Map<String, String> a = new HashMap<>();
        a.put("helo", c.helo());
        a.put("listener", c.listener());
        a.put("protocol", ReceivedHeader.protocol(c, e.smtpUtf8()));
        a.put("smtpUtf8", Boolean.toString(e.smtpUtf8()));
        if (c.tls()) {
            a.put("tls", c.tlsText());
        }
        if (c.inboundConnector() != null) {
            a.put("inboundConnector", c.inboundConnector());
        }
        if (c.fromOnPremises()) {
            a.put("fromOnPremises", "true");
        }
        if (c.authenticatedUser() != null) {
            a.put("authenticatedUser", c.authenticatedUser());
        }
        a.put("internal", Boolean.toString(c.internal()));
        if (e.body() != null) {
            a.put("body", e.body());
        }
        if (e.dsnRet() != null) {
            a.put("dsnRet", e.dsnRet());
        }
        if (e.dsnEnvid() != null) {
            a.put("dsnEnvid", e.dsnEnvid());
        }
        return a;
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
