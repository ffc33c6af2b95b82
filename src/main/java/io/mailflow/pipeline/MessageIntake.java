package io.mailflow.pipeline;

import io.mailflow.config.ConfigSnapshot;
import io.mailflow.model.Limits;
import io.mailflow.queue.IncomingMessage;
import io.mailflow.queue.MailQueue;
import io.mailflow.routing.RouteDecision;
import io.mailflow.routing.RouteRequest;
import io.mailflow.routing.Router;
import io.mailflow.smtp.SmtpReplies;
import io.mailflow.store.MessageContent;
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

    private final MailQueue queue;
    private final Clock clock;

    public MessageIntake(MailQueue queue, Clock clock) {
        this.queue = queue;
        this.clock = clock;
    }

    public IntakeResult receive(Envelope envelope, ClientFacts client, MessageContent content, ConfigSnapshot config) {
        Limits limits = config.configuration().server().limits();
        String hostname = config.configuration().server().hostname();
        int maxHeader = (int) Math.min(Integer.MAX_VALUE - 1, limits.maxHeaderSize().bytes());
        byte[] head = content.head(maxHeader + 1);
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
        String queueId = queue.newQueueId();
        MessageContent stamped = content.withPrefix(ReceivedHeader.build(client, hostname, queueId, envelope, now));
        RecipientResolver.Result resolved = RecipientResolver.resolve(envelope.recipients(), config);
        if (resolved.recipients().size() > limits.maxExpandedRecipients()) {
            return new IntakeResult.Rejected(SmtpReplies.TOO_MANY_AFTER_EXPANSION, resolved.recipients().size()
                    + " recipients after group expansion, more than " + limits.maxExpandedRecipients());
        }
        List<StoredRecipient> recipients = new ArrayList<>();
        List<TraceEvent> events = new ArrayList<>();
        events.add(new TraceEvent.Receive(client.ip(), client.helo(), client.listener(), client.tlsText(),
                client.inboundConnector(), client.authenticatedUser(), sender(envelope),
                envelope.recipients().stream().map(r -> r.address().toString()).toList(), stamped.size(),
                header.first("Message-ID")));
        events.addAll(resolved.events());
        List<RecipientResolver.Resolved> rcpts = resolved.recipients();
        for (int i = 0; i < rcpts.size(); i++) {
            RecipientResolver.Resolved r = rcpts.get(i);
            RouteDecision decision = Router.decide(new RouteRequest(r.address(), null, client.fromOnPremises()), config);
            if (decision.resolvedFrom() != null) {
                String mailbox = decision.nextHop().key().substring("mailbox:".length());
                events.add(new TraceEvent.Resolve(r.address().toString(), mailbox));
            }
            events.add(new TraceEvent.Route(r.address().toString(), decision.nextHop().key(), String.join("; ", decision.steps())));
            recipients.add(StoredRecipient.queued(i, r.address().toString(), r.orcpt(), r.dsnNotify(), decision.nextHop().key()));
        }
        List<String> nextHops = recipients.stream().map(StoredRecipient::nextHop).distinct().toList();
        if (nextHops.size() > 1) {
            events.add(new TraceEvent.Transfer(null, nextHops)); // bifurcation: one delivery per next hop
        }
        StoredMessage message = new StoredMessage(queueId, now, sender(envelope), stamped.size(),
                header.first("Message-ID"), truncate(header.subject(), 256), client.ip(), attributes(envelope, client));
        try {
            queue.enqueue(new IncomingMessage(message, stamped, recipients, events));
        } catch (StoreException e) {
            LOG.atError().setCause(e).addKeyValue("queueId", queueId).log("message not stored; answering 451");
            return new IntakeResult.Rejected(SmtpReplies.STORAGE_FAILED, "storage failed: " + e.getMessage());
        }
        return new IntakeResult.Accepted(queueId);
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
