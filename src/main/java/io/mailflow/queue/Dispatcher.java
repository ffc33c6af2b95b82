package io.mailflow.queue;

import io.mailflow.model.TransportSettings;
import io.mailflow.store.MailStore;
import io.mailflow.store.MessageContent;
import io.mailflow.store.RecipientState;
import io.mailflow.store.RecipientUpdate;
import io.mailflow.store.StoreException;
import io.mailflow.store.TraceRecord;
import io.mailflow.trace.TraceEvent;
import io.mailflow.trace.TraceEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs delivery rounds: takes a message's due recipients, groups them by next hop, hands each
 * group to the agent on its own virtual thread (within the next hop's concurrency limit), records
 * the outcomes and schedules the next round.
 */
final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final MailStore store;
    private final DeliveryAgent agent;
    private final Supplier<TransportSettings> transport;
    private final Clock clock;
    private final Map<String, QueuedMessage> messages;
    private final Map<String, Semaphore> hopSlots = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("queue-timer").daemon(true).factory());
    private final ExecutorService workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("delivery-", 0).factory());
    private final Counter delivered;
    private final Counter deferred;
    private final Counter failed;
    private volatile boolean stopping;

    Dispatcher(MailStore store, DeliveryAgent agent, Supplier<TransportSettings> transport, Clock clock,
            Map<String, QueuedMessage> messages, MeterRegistry metrics) {
        this.store = store;
        this.agent = agent;
        this.transport = transport;
        this.clock = clock;
        this.messages = messages;
        this.delivered = outcomes(metrics, "delivered");
        this.deferred = outcomes(metrics, "deferred");
        this.failed = outcomes(metrics, "failed");
    }

    private static Counter outcomes(MeterRegistry metrics, String outcome) {
        return Counter.builder("mailflow_delivery_recipients_total").tag("outcome", outcome)
                .description("Recipient delivery attempts by outcome").register(metrics);
    }

    /** Starts an attempt for every due recipient of the message, one per next hop. */
    void dispatch(QueuedMessage m) {
        if (stopping) {
            return;
        }
        Instant now = clock.instant();
        Map<String, List<QueuedMessage.Recipient>> groups = new LinkedHashMap<>();
        List<TraceRecord> events = new ArrayList<>();
        List<RecipientUpdate> updates = new ArrayList<>();
        synchronized (m) {
            expireIfDue(m, now, updates, events);
            for (QueuedMessage.Recipient r : m.recipients) {
                if (!r.isDue(now)) {
                    continue;
                }
                String reason = agent.unavailableReason(r.nextHop);
                if (reason != null) {
                    if (!reason.equals(r.pendingReason)) {
                        r.pendingReason = reason;
                        events.add(TraceEvents.record(m.id(), now, new TraceEvent.Pending(r.address, r.nextHop, reason)));
                    }
                    continue;
                }
                r.pendingReason = null;
                r.inFlight = true;
                groups.computeIfAbsent(r.nextHop, h -> new ArrayList<>()).add(r);
            }
            m.deliveriesInFlight += groups.size();
        }
        if (!events.isEmpty() || !updates.isEmpty()) {
            store.update(updates, events, null);
        }
        groups.forEach((hop, group) -> workers.execute(() -> attempt(m, hop, group)));
        if (groups.isEmpty()) {
            settle(m);
        }
    }

    private void attempt(QueuedMessage m, String hop, List<QueuedMessage.Recipient> group) {
        Semaphore slots = hopSlots.computeIfAbsent(hop, h -> new Semaphore(Math.max(1, agent.concurrencyLimit(h))));
        List<RecipientOutcome> outcomes;
        try {
            slots.acquire();
            try {
                MessageContent content = contentOf(m);
                boolean repeated = m.recovered || group.stream().anyMatch(r -> r.attempts > 0);
                outcomes = agent.deliver(new Delivery(m.message, hop,
                        group.stream().map(QueuedMessage.Recipient::forDelivery).toList(), content, repeated));
            } finally {
                slots.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcomes = List.of();
        } catch (StoreException | RuntimeException e) {
            LOG.atError().setCause(e).addKeyValue("queueId", m.id()).addKeyValue("nextHop", hop).log("delivery attempt failed");
            outcomes = group.stream().<RecipientOutcome>map(r -> new RecipientOutcome.Deferred(r.index,
                    "451 4.3.0 Internal error: " + e.getMessage(), null)).toList();
        }
        complete(m, group, outcomes);
    }

    private MessageContent contentOf(QueuedMessage m) throws StoreException {
        synchronized (m) {
            if (m.content == null) {
                m.content = store.content(m.id());
            }
            return m.content;
        }
    }

    /** Records the outcome of one attempt; a recipient without an outcome is deferred. */
    private void complete(QueuedMessage m, List<QueuedMessage.Recipient> group, List<RecipientOutcome> outcomes) {
        Instant now = clock.instant();
        List<RecipientUpdate> updates = new ArrayList<>();
        List<TraceRecord> events = new ArrayList<>();
        synchronized (m) {
            for (QueuedMessage.Recipient r : group) {
                RecipientOutcome o = outcomes.stream().filter(x -> x.index() == r.index).findFirst()
                        .orElse(new RecipientOutcome.Deferred(r.index, "451 4.3.0 Delivery interrupted", null));
                r.inFlight = false;
                r.attempts++;
                if (o.event() != null) {
                    events.add(TraceEvents.record(m.id(), now, o.event()));
                }
                switch (o) {
                    case RecipientOutcome.Delivered d -> {
                        r.state = RecipientState.DELIVERED;
                        r.lastError = null;
                        delivered.increment();
                    }
                    case RecipientOutcome.Failed f -> {
                        r.state = RecipientState.FAILED;
                        r.lastError = f.reason();
                        events.add(TraceEvents.record(m.id(), now, new TraceEvent.Fail(r.address, f.reason())));
                        failed.increment();
                    }
                    case RecipientOutcome.Deferred d -> {
                        Duration wait = transport.get().retryInterval(r.attempts);
                        r.nextAttemptAt = now.plus(wait);
                        r.lastError = d.reason();
                        events.add(TraceEvents.record(m.id(), now,
                                new TraceEvent.Defer(r.address, d.reason(), r.nextAttemptAt.toString())));
                        deferred.increment();
                    }
                }
                updates.add(update(m, r));
            }
            m.deliveriesInFlight--;
        }
        store.update(updates, events, null);
        settle(m);
    }

    /** After a round: remove a finished message, or sleep until its next due recipient. */
    void settle(QueuedMessage m) {
        boolean done;
        Instant next = null;
        synchronized (m) {
            if (m.deliveriesInFlight > 0) {
                return;
            }
            done = m.allFinal();
            if (!done) {
                for (QueuedMessage.Recipient r : m.recipients) {
                    if (r.state == RecipientState.QUEUED && r.pendingReason == null && r.nextAttemptAt != null
                            && (next == null || r.nextAttemptAt.isBefore(next))) {
                        next = r.nextAttemptAt;
                    }
                }
                Instant expiry = m.message.receivedAt().plus(transport.get().messageExpiration());
                next = next == null || expiry.isBefore(next) ? expiry : next;
            }
            if (m.content != null) {
                m.content.release(); // the store holds it; reload it for the next round
                m.content = null;
            }
            if (!done) {
                wakeAt(m, next);
            }
        }
        if (done && messages.remove(m.id()) != null) {
            store.update(List.of(), List.of(), m.id());
        }
    }

    private void wakeAt(QueuedMessage m, Instant at) {
        if (stopping || m.wake != null && !m.wake.isDone() && m.wakeAt != null && !m.wakeAt.isAfter(at)) {
            return;
        }
        if (m.wake != null) {
            m.wake.cancel(false);
        }
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        m.wakeAt = at;
        m.wake = timer.schedule(() -> {
            synchronized (m) {
                m.wake = null;
                m.wakeAt = null;
            }
            dispatch(m);
        }, delay, TimeUnit.MILLISECONDS);
    }

    /** A message past its expiration fails every recipient that is still waiting. */
    private void expireIfDue(QueuedMessage m, Instant now, List<RecipientUpdate> updates, List<TraceRecord> events) {
        if (now.isBefore(m.message.receivedAt().plus(transport.get().messageExpiration()))) {
            return;
        }
        for (QueuedMessage.Recipient r : m.recipients) {
            if (r.state == RecipientState.QUEUED && !r.inFlight) {
                String reason = "550 4.4.7 QUEUE.Expired; message expired"
                        + (r.lastError == null ? "" : " (last error: " + r.lastError + ")");
                r.state = RecipientState.FAILED;
                r.lastError = reason;
                events.add(TraceEvents.record(m.id(), now, new TraceEvent.Fail(r.address, reason)));
                updates.add(update(m, r));
                failed.increment();
            }
        }
    }

    static RecipientUpdate update(QueuedMessage m, QueuedMessage.Recipient r) {
        return new RecipientUpdate(m.id(), r.index, r.state, r.attempts, r.state.isFinal() ? null : r.nextAttemptAt,
                r.lastError, r.nextHop);
    }

    /** Stops starting attempts and waits for those running, at most {@code timeout}. */
    boolean shutdown(Duration timeout) throws InterruptedException {
        stopping = true;
        timer.shutdownNow();
        workers.shutdown();
        boolean finished = workers.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            workers.shutdownNow();
        }
        return finished;
    }
}
