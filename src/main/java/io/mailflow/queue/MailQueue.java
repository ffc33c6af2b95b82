package io.mailflow.queue;

import io.mailflow.model.TransportSettings;
import io.mailflow.store.MailStore;
import io.mailflow.store.QueuedEntry;
import io.mailflow.store.RecipientState;
import io.mailflow.store.RecipientUpdate;
import io.mailflow.store.StoreException;
import io.mailflow.store.TraceRecord;
import io.mailflow.trace.TraceEvent;
import io.mailflow.trace.TraceEvents;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mail queue: durable acceptance, delivery rounds, retries, and the administrator's view of
 * it ({@code queue list|retry|delete}).
 */
public final class MailQueue {

    private static final Logger LOG = LoggerFactory.getLogger(MailQueue.class);

    private final MailStore store;
    private final Clock clock;
    private final QueueId ids = new QueueId();
    private final Map<String, QueuedMessage> messages = new ConcurrentHashMap<>();
    private final Dispatcher dispatcher;
    private volatile DeliveryReports reports = DeliveryReports.NONE;

    public MailQueue(MailStore store, DeliveryAgent agent, Supplier<TransportSettings> transport, Clock clock,
            MeterRegistry metrics) {
        this.store = store;
        this.clock = clock;
        Outcomes outcomes = new Outcomes(store, (m, kind, list) -> reports.report(m, kind, list), transport, metrics);
        this.dispatcher = new Dispatcher(store, agent, transport, clock, messages, outcomes);
        Gauge.builder("mailflow_queue_messages", messages, Map::size).description("Messages in the queue").register(metrics);
        Gauge.builder("mailflow_queue_recipients", this, MailQueue::queuedRecipients)
                .description("Recipients waiting for delivery").register(metrics);
    }

    /**
     * Where notices to senders go (non-delivery, delay, success). Set once when the gateway is
     * wired: the notices are themselves queued messages, so their producer needs this queue.
     */
    public void reportTo(DeliveryReports reports) {
        this.reports = reports;
    }

    /** A new queue id; the pipeline needs it before the message is enqueued (for its Received: header). */
    public String newQueueId() {
        return ids.next(clock.millis());
    }

    /**
     * Stores the message durably, then starts delivering it. Returns only once it is on disk;
     * throws (and keeps nothing) when it could not be stored.
     */
    public void enqueue(IncomingMessage in) throws StoreException {
        Instant at = in.message().receivedAt();
        List<TraceRecord> events = in.events().stream().map(e -> TraceEvents.record(in.message().queueId(), at, e)).toList();
        store.accept(in.message(), in.content(), in.recipients(), events);
        // A copy the rules made borrows the received message's file, which the pipeline releases now
        // that the store has it: such a copy is read back from the store when it is delivered.
        QueuedMessage m = new QueuedMessage(in.message(), in.recipients(), in.content().selfContained() ? in.content() : null,
                false);
        messages.put(m.id(), m);
        dispatcher.dispatch(m);
    }

    /**
     * Stores several messages (copies of one message split by mail flow rules) in one durable
     * commit, then starts delivering them; all are stored or none.
     */
    public void enqueueAll(List<IncomingMessage> in) throws StoreException {
        if (in.size() == 1) {
            enqueue(in.getFirst());
            return;
        }
        List<MailStore.NewMessage> batch = new java.util.ArrayList<>();
        for (IncomingMessage m : in) {
            Instant at = m.message().receivedAt();
            List<TraceRecord> events = m.events().stream().map(e -> TraceEvents.record(m.message().queueId(), at, e)).toList();
            batch.add(new MailStore.NewMessage(m.message(), m.content(), m.recipients(), events));
        }
        store.acceptAll(batch);
        for (IncomingMessage m : in) {
            // Copies may share one spill file, which the first to settle would delete under the
            // others: a copy whose content is in a file reads it back from the store instead.
            QueuedMessage q = new QueuedMessage(m.message(), m.recipients(), m.content().inMemory() ? m.content() : null, false);
            messages.put(q.id(), q);
        }
        in.forEach(m -> m.content().release()); // the store has them now
        for (IncomingMessage m : in) {
            dispatcher.dispatch(messages.get(m.message().queueId()));
        }
    }

    /** Loads what the store still holds (after a restart or a crash) and resumes delivery, oldest first. */
    public int recover() throws StoreException {
        List<QueuedEntry> entries = store.queued();
        for (QueuedEntry e : entries) {
            QueuedMessage m = new QueuedMessage(e.message(), e.recipients(), null, true);
            messages.put(m.id(), m);
        }
        for (QueuedEntry e : entries) {
            dispatcher.dispatch(messages.get(e.message().queueId()));
        }
        if (!entries.isEmpty()) {
            LOG.atInfo().addKeyValue("messages", entries.size()).log("queue recovered from the store");
        }
        return entries.size();
    }

    /** How many messages the queue holds (cheap: for probes and gauges). */
    public int size() {
        return messages.size();
    }

    /** Every queued message with its recipients, oldest first. */
    public List<QueuedEntry> list() {
        List<QueuedEntry> out = new ArrayList<>();
        for (QueuedMessage m : messages.values()) {
            synchronized (m) {
                out.add(new QueuedEntry(m.message, m.recipients.stream().map(QueuedMessage.Recipient::view).toList()));
            }
        }
        out.sort(Comparator.comparing((QueuedEntry e) -> e.message().receivedAt()).thenComparing(e -> e.message().queueId()));
        return out;
    }

    /** Makes every waiting recipient of the message due now. False when the message is not queued. */
    public boolean retry(String queueId) {
        QueuedMessage m = messages.get(queueId);
        if (m == null) {
            return false;
        }
        synchronized (m) {
            for (QueuedMessage.Recipient r : m.recipients) {
                if (r.state == RecipientState.QUEUED) {
                    r.nextAttemptAt = null;
                    r.pendingReason = null;
                }
            }
        }
        store.trace(List.of(TraceEvents.record(queueId, clock.instant(), new TraceEvent.Admin(null, "retry"))));
        dispatcher.dispatch(m);
        return true;
    }

    /**
     * Holds deliveries to a next hop (a routing key as {@link #list} shows it) until
     * {@link #resume}: its recipients wait with the reason "suspended", are retried on their
     * schedule once resumed and expire as they would have. Kept in memory only: a restart
     * resumes every next hop. False when it already was suspended.
     */
    public boolean suspend(String nextHop) {
        return dispatcher.suspend(nextHop);
    }

    /** Lets deliveries to a suspended next hop start again. False when it was not suspended. */
    public boolean resume(String nextHop) {
        return dispatcher.resume(nextHop);
    }

    /** The next hops an administrator suspended. */
    public java.util.Set<String> suspendedNextHops() {
        return dispatcher.suspended();
    }

    /** Makes every waiting recipient of the next hop due now; returns how many messages that touched. */
    public int retryNextHop(String nextHop) {
        return dispatcher.retry(nextHop);
    }

    /** Re-evaluates every queued message, e.g. after a configuration reload made a next hop available. */
    public void rescan() {
        messages.values().forEach(m -> {
            synchronized (m) {
                m.recipients.forEach(r -> r.pendingReason = null);
            }
            dispatcher.dispatch(m);
        });
    }

    /**
     * Removes a message from the queue without a non-delivery report (Exchange's Remove-Message):
     * its waiting recipients fail as deleted by an administrator. False when it is not queued.
     */
    public boolean delete(String queueId) {
        return delete(queueId, false);
    }

    /** Why a deleted recipient failed: its last error, and an NDR's diagnostic when one is sent. */
    static final String DELETED = "550 5.3.0 deleted from the queue by an administrator";

    /**
     * Removes a message from the queue (Remove-Message); with {@code withNdr} its sender gets a
     * non-delivery report for the recipients removed (Remove-Message -WithNDR), sent before the
     * removal is stored so that a crash can repeat it but never lose it. A recipient being
     * delivered at this moment is left to its attempt. False when the message is not queued.
     */
    public boolean delete(String queueId, boolean withNdr) {
        QueuedMessage m = messages.get(queueId);
        if (m == null) {
            return false;
        }
        Instant now = clock.instant();
        List<RecipientUpdate> updates = new ArrayList<>();
        List<TraceRecord> events = new ArrayList<>();
        List<DeliveryReports.Reported> reported = new ArrayList<>();
        synchronized (m) {
            for (QueuedMessage.Recipient r : m.recipients) {
                if (r.state == RecipientState.QUEUED && !r.inFlight) {
                    r.state = RecipientState.FAILED;
                    r.lastError = DELETED;
                    updates.add(Dispatcher.update(m, r));
                    events.add(TraceEvents.record(queueId, now, new TraceEvent.Admin(r.address, withNdr ? "delete with NDR" : "delete")));
                    if (withNdr) {
                        reported.add(new DeliveryReports.Reported(r.address, r.orcpt, r.dsnNotify, DELETED, null, now, null));
                    }
                }
            }
        }
        if (!reported.isEmpty()) {
            reports.report(m.message, DeliveryReports.Kind.FAILED, reported);
        }
        store.update(updates, events, null);
        dispatcher.settle(m);
        return true;
    }

    private int queuedRecipients() {
        int n = 0;
        for (QueuedMessage m : messages.values()) {
            n += (int) m.recipients.stream().filter(r -> r.state == RecipientState.QUEUED).count();
        }
        return n;
    }

    /** Stops delivery: running attempts get up to {@code timeout}; everything else stays in the store. */
    public void shutdown(Duration timeout) {
        try {
            if (!dispatcher.shutdown(timeout)) {
                LOG.warn("delivery attempts still running at shutdown were interrupted; they will be retried");
            }
            store.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (StoreException e) {
            LOG.atError().setCause(e).log("final flush of the store failed");
        }
    }
}
