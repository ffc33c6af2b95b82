package io.mailflow.queue;

import io.mailflow.model.TransportSettings;
import io.mailflow.store.MailStore;
import io.mailflow.message.MessageContent;
import io.mailflow.store.RecipientState;
import io.mailflow.store.RecipientUpdate;
import io.mailflow.store.StoreException;
import io.mailflow.store.TraceRecord;
import io.mailflow.trace.TraceEvent;
import io.mailflow.trace.TraceEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs delivery rounds: takes a message's due recipients, groups them by next hop, hands each
 * group to the agent on its own virtual thread (within the next hop's concurrency limit), records
 * the outcomes and schedules the next round. Recipients waiting because their next hop was down
 * are retried, in arrival order, as soon as a delivery to that next hop succeeds.
 */
final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private static final Comparator<QueuedMessage> ARRIVAL = Comparator.comparing((QueuedMessage m) -> m.message.receivedAt())
            .thenComparing(QueuedMessage::id);

    private final MailStore store;
    private final DeliveryAgent agent;
    private final Supplier<TransportSettings> transport;
    private final Clock clock;
    private final Map<String, QueuedMessage> messages;
    private final Outcomes outcomes;
    private final Map<String, HopLane> lanes = new ConcurrentHashMap<>();
    private final Map<String, NavigableSet<QueuedMessage>> waitingForHop = new ConcurrentHashMap<>();
    /** Next hops an administrator suspended; in memory only, so a restart resumes them. */
    private final java.util.Set<String> suspended = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("queue-timer").daemon(true).factory());
    private final ExecutorService workers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("delivery-", 0).factory());
    private volatile boolean stopping;

    Dispatcher(MailStore store, DeliveryAgent agent, Supplier<TransportSettings> transport, Clock clock,
            Map<String, QueuedMessage> messages, Outcomes outcomes) {
        this.store = store;
        this.agent = agent;
        this.transport = transport;
        this.clock = clock;
        this.messages = messages;
        this.outcomes = outcomes;
    }

    /** Starts an attempt for every due recipient of the message, one per next hop. */
    void dispatch(QueuedMessage m) {
        if (stopping) {
            return;
        }
        Instant now = clock.instant();
        Map<String, List<QueuedMessage.Recipient>> groups = new LinkedHashMap<>();
        Outcomes.Round round = outcomes.round(m, now);
        synchronized (m) {
            outcomes.expireIfDue(m, now, round);
            for (QueuedMessage.Recipient r : m.recipients) {
                if (!r.isDue(now)) {
                    continue;
                }
                String reason = suspended.contains(r.nextHop) ? SUSPENDED : agent.unavailableReason(r.nextHop);
                if (reason != null) {
                    if (!reason.equals(r.pendingReason)) {
                        r.pendingReason = reason;
                        round.event(new TraceEvent.Pending(r.address, r.nextHop, reason));
                    }
                    continue;
                }
                r.pendingReason = null;
                r.inFlight = true;
                groups.computeIfAbsent(r.nextHop, h -> new ArrayList<>()).add(r);
            }
            m.deliveriesInFlight += groups.size();
        }
        round.commit();
        groups.forEach((hop, group) -> lane(hop).submit(() -> attempt(m, hop, group), result -> complete(m, hop, group, result)));
        if (groups.isEmpty()) {
            settle(m);
        }
    }

    /** Why a recipient waits while its next hop is suspended (its pending reason, in the trace and the queue). */
    static final String SUSPENDED = "next hop suspended by an administrator";

    /** Holds every delivery to the next hop not yet started; attempts already running finish. False if it already was. */
    boolean suspend(String hop) {
        return suspended.add(hop);
    }

    /** Lets deliveries to the next hop start again; its recipients keep their retry schedule. False if it was not suspended. */
    boolean resume(String hop) {
        if (!suspended.remove(hop)) {
            return false;
        }
        forEachWaitingFor(hop, r -> {
            if (SUSPENDED.equals(r.pendingReason)) {
                r.pendingReason = null;
            }
        });
        return true;
    }

    java.util.Set<String> suspended() {
        return java.util.Set.copyOf(suspended);
    }

    /** Makes every waiting recipient of the next hop due now (a suspended hop still holds them). Returns the messages. */
    int retry(String hop) {
        return forEachWaitingFor(hop, r -> {
            r.nextAttemptAt = null;
            r.pendingReason = null;
        });
    }

    /** Applies {@code change} under each message's lock to its waiting recipients of the hop, then dispatches those messages. */
    private int forEachWaitingFor(String hop, java.util.function.Consumer<QueuedMessage.Recipient> change) {
        List<QueuedMessage> touched = new ArrayList<>();
        for (QueuedMessage m : messages.values()) {
            synchronized (m) {
                boolean any = false;
                for (QueuedMessage.Recipient r : m.recipients) {
                    if (r.state == RecipientState.QUEUED && !r.inFlight && hop.equals(r.nextHop)) {
                        change.accept(r);
                        any = true;
                    }
                }
                if (any) {
                    touched.add(m);
                }
            }
        }
        touched.sort(ARRIVAL);
        touched.forEach(this::dispatch);
        return touched.size();
    }

    private HopLane lane(String hop) {
        return lanes.computeIfAbsent(hop, h -> new HopLane(() -> agent.concurrencyLimit(h), workers));
    }

    /** One delivery attempt, run in the next hop's lane; its outcome goes to {@link #complete}. */
    private List<RecipientOutcome> attempt(QueuedMessage m, String hop, List<QueuedMessage.Recipient> group) {
        try {
            MessageContent content = contentOf(m);
            boolean repeated = m.recovered || group.stream().anyMatch(r -> r.attempts > 0);
            return agent.deliver(new Delivery(m.message, hop,
                    group.stream().map(QueuedMessage.Recipient::forDelivery).toList(), content, repeated));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of(); // stopping: complete() defers every recipient of the group
        } catch (StoreException | RuntimeException e) {
            LOG.atError().setCause(e).addKeyValue("queueId", m.id()).addKeyValue("nextHop", hop).log("delivery attempt failed");
            return group.stream().<RecipientOutcome>map(r -> new RecipientOutcome.Deferred(r.index,
                    "451 4.3.0 Internal error: " + e.getMessage(), null, false, null)).toList();
        }
    }

    private MessageContent contentOf(QueuedMessage m) throws StoreException {
        synchronized (m) {
            if (m.content == null) {
                m.content = store.content(m.id());
            }
            return m.content;
        }
    }

    /** Records one attempt's outcomes; a recipient without an outcome is deferred. */
    private void complete(QueuedMessage m, String hop, List<QueuedMessage.Recipient> group, List<RecipientOutcome> result) {
        Outcomes.Round round = outcomes.round(m, clock.instant());
        Map<Integer, RecipientOutcome> byIndex = new java.util.HashMap<>();
        result.forEach(o -> byIndex.putIfAbsent(o.index(), o)); // a group may hold a thousand recipients
        synchronized (m) {
            for (QueuedMessage.Recipient r : group) {
                RecipientOutcome o = byIndex.getOrDefault(r.index,
                        new RecipientOutcome.Deferred(r.index, "451 4.3.0 Delivery interrupted", null, false, null));
                r.inFlight = false;
                round.apply(r, o);
                if (o instanceof RecipientOutcome.Deferred d && d.hopDown()) {
                    waitingForHop.computeIfAbsent(hop, h -> new ConcurrentSkipListSet<>(ARRIVAL)).add(m);
                }
            }
            m.deliveriesInFlight--;
        }
        round.commit();
        if (round.delivered()) {
            wakeWaitingFor(hop);
        }
        if (round.rerouted()) {
            dispatch(m);
        } else {
            settle(m);
        }
    }

    /** The next hop took a message: recipients that waited because it was down go now, oldest first. */
    private void wakeWaitingFor(String hop) {
        NavigableSet<QueuedMessage> waiting = waitingForHop.remove(hop);
        if (waiting == null) {
            return;
        }
        for (QueuedMessage m : waiting) {
            if (messages.get(m.id()) != m) {
                continue;
            }
            synchronized (m) {
                for (QueuedMessage.Recipient r : m.recipients) {
                    if (r.state == RecipientState.QUEUED && !r.inFlight && hop.equals(r.nextHop)) {
                        r.nextAttemptAt = null;
                    }
                }
            }
            dispatch(m);
        }
    }

    /** After a round: remove a finished message, or sleep until its next due recipient. */
    void settle(QueuedMessage m) {
        boolean done;
        synchronized (m) {
            if (m.deliveriesInFlight > 0) {
                return;
            }
            done = m.allFinal();
            if (m.content != null) {
                m.content.release(); // the store holds it; reload it for the next round
                m.content = null;
            }
            if (!done) {
                wakeAt(m, nextWake(m));
            }
        }
        if (done && messages.remove(m.id()) != null) {
            waitingForHop.values().forEach(waiting -> waiting.remove(m)); // a dead next hop must not hold finished mail
            store.update(List.of(), List.of(), m.id());
        }
    }

    private Instant nextWake(QueuedMessage m) {
        Instant next = m.message.receivedAt().plus(transport.get().messageExpiration());
        for (QueuedMessage.Recipient r : m.recipients) {
            if (r.state == RecipientState.QUEUED && r.pendingReason == null && r.nextAttemptAt != null
                    && r.nextAttemptAt.isBefore(next)) {
                next = r.nextAttemptAt;
            }
        }
        return next;
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

    static RecipientUpdate update(QueuedMessage m, QueuedMessage.Recipient r) {
        return new RecipientUpdate(m.id(), r.index, r.state, r.attempts, r.state.isFinal() ? null : r.nextAttemptAt,
                r.lastError, r.nextHop, r.delayNotified);
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

    /** Trace records for a list of events, for callers outside a round. */
    static List<TraceRecord> records(String queueId, Instant at, List<TraceEvent> events) {
        return events.stream().map(e -> TraceEvents.record(queueId, at, e)).toList();
    }
}
