package io.mailflow.queue;

import io.mailflow.model.TransportSettings;
import io.mailflow.store.MailStore;
import io.mailflow.store.RecipientState;
import io.mailflow.store.RecipientUpdate;
import io.mailflow.store.TraceRecord;
import io.mailflow.trace.TraceEvent;
import io.mailflow.trace.TraceEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns delivery outcomes into recipient states, trace events, sender notices and one log line
 * each ({@link OutcomeLog}). Notices go out before the new states are stored: a crash in between
 * can repeat a notice, never lose one. This is the one place where outcomes are settled.
 */
final class Outcomes {

    private static final Logger LOG = LoggerFactory.getLogger(Outcomes.class);

    private final MailStore store;
    private final DeliveryReports reports;
    private final Supplier<TransportSettings> transport;
    private final Counter delivered;
    private final Counter deferred;
    private final Counter failed;

    Outcomes(MailStore store, DeliveryReports reports, Supplier<TransportSettings> transport, MeterRegistry metrics) {
        this.store = store;
        this.reports = reports;
        this.transport = transport;
        this.delivered = counter(metrics, "delivered");
        this.deferred = counter(metrics, "deferred");
        this.failed = counter(metrics, "failed");
    }

    private static Counter counter(MeterRegistry metrics, String outcome) {
        return Counter.builder("mailflow_delivery_recipients_total").tag("outcome", outcome)
                .description("Recipient delivery attempts by outcome").register(metrics);
    }

    Round round(QueuedMessage m, Instant now) {
        return new Round(m, now);
    }

    /** A message past its expiration fails every recipient still waiting (called under the message's lock). */
    void expireIfDue(QueuedMessage m, Instant now, Round round) {
        if (now.isBefore(m.message.receivedAt().plus(transport.get().messageExpiration()))) {
            return;
        }
        for (QueuedMessage.Recipient r : m.recipients) {
            if (r.state == RecipientState.QUEUED && !r.inFlight) {
                String reason = "550 4.4.7 QUEUE.Expired; message expired"
                        + (r.lastError == null ? "" : " (last error: " + r.lastError + ")");
                round.fail(r, reason, r.lastRemoteMta, null);
            }
        }
    }

    /** The changes of one round on one message, applied under its lock and committed after. */
    final class Round {
        private final QueuedMessage m;
        private final Instant now;
        private final List<RecipientUpdate> updates = new ArrayList<>();
        private final List<TraceRecord> events = new ArrayList<>();
        private final Map<DeliveryReports.Kind, List<DeliveryReports.Reported>> notices = new EnumMap<>(DeliveryReports.Kind.class);
        private final Map<DeliveryReports.Kind, List<QueuedMessage.Recipient>> noticed = new EnumMap<>(DeliveryReports.Kind.class);
        private final List<OutcomeLog.Line> lines = new ArrayList<>();
        private boolean anyDelivered;
        private boolean anyRerouted;

        private Round(QueuedMessage m, Instant now) {
            this.m = m;
            this.now = now;
        }

        void event(TraceEvent e) {
            events.add(TraceEvents.record(m.id(), now, e));
        }

        /** Applies one recipient's outcome (under the message's lock). */
        void apply(QueuedMessage.Recipient r, RecipientOutcome o) {
            if (o.event() != null) {
                event(o.event());
            }
            switch (o) {
                case RecipientOutcome.Rerouted re -> {
                    r.nextHop = re.nextHop();
                    anyRerouted = true;
                    updates.add(Dispatcher.update(m, r));
                    return;
                }
                case RecipientOutcome.Delivered d -> {
                    r.attempts++;
                    r.state = RecipientState.DELIVERED;
                    r.lastError = null;
                    anyDelivered = true;
                    delivered.increment();
                    settled(r, OutcomeLog.Status.SENT, replyOf(d.event()), OutcomeLog.relayOf(d, null));
                    if (d.handover() != RecipientOutcome.Handover.RELAYED_WITH_DSN) {
                        notice(d.handover() == RecipientOutcome.Handover.MAILBOX ? DeliveryReports.Kind.DELIVERED
                                : DeliveryReports.Kind.RELAYED, r, "250 2.0.0 OK", null, null);
                    }
                }
                case RecipientOutcome.Failed f -> {
                    r.attempts++;
                    fail(r, f.reason(), f.remoteMta(), OutcomeLog.relayOf(f, f.remoteMta()));
                    return;
                }
                case RecipientOutcome.Deferred d -> defer(r, d);
            }
            updates.add(Dispatcher.update(m, r));
        }

        private void defer(QueuedMessage.Recipient r, RecipientOutcome.Deferred d) {
            r.attempts++;
            Duration wait = transport.get().retryInterval(r.attempts);
            r.nextAttemptAt = now.plus(wait);
            r.lastError = d.reason();
            r.lastRemoteMta = d.remoteMta();
            event(new TraceEvent.Defer(r.address, d.reason(), d.remoteMta(), r.nextAttemptAt.toString()));
            deferred.increment();
            settled(r, OutcomeLog.Status.DEFERRED, d.reason(), OutcomeLog.relayOf(d, d.remoteMta()));
            Duration notifyAfter = transport.get().delayNotification();
            if (!r.delayNotified && !notifyAfter.isZero() && !now.isBefore(m.message.receivedAt().plus(notifyAfter))) {
                r.delayNotified = true;
                notice(DeliveryReports.Kind.DELAYED, r, d.reason(), d.remoteMta(),
                        m.message.receivedAt().plus(transport.get().messageExpiration()));
            }
        }

        /** Fails the recipient; {@code relay} is the host that refused it, or null (an expiry). */
        void fail(QueuedMessage.Recipient r, String reason, String remoteMta, RecipientOutcome.Relay relay) {
            r.state = RecipientState.FAILED;
            r.lastError = reason;
            event(new TraceEvent.Fail(r.address, reason, remoteMta));
            failed.increment();
            settled(r, OutcomeLog.Status.BOUNCED, reason,
                    relay != null || remoteMta == null ? relay : new RecipientOutcome.Relay(remoteMta, "none", "none"));
            notice(DeliveryReports.Kind.FAILED, r, reason, remoteMta, null);
            updates.add(Dispatcher.update(m, r));
        }

        private void notice(DeliveryReports.Kind kind, QueuedMessage.Recipient r, String reason, String remoteMta,
                Instant retryUntil) {
            notices.computeIfAbsent(kind, k -> new ArrayList<>()).add(new DeliveryReports.Reported(r.address, r.orcpt,
                    r.dsnNotify, reason, remoteMta, now, retryUntil));
            noticed.computeIfAbsent(kind, k -> new ArrayList<>()).add(r);
        }

        private void settled(QueuedMessage.Recipient r, OutcomeLog.Status status, String reply, RecipientOutcome.Relay relay) {
            lines.add(new OutcomeLog.Line(m, r, status, r.attempts, reply, relay, Duration.between(m.message.receivedAt(), now)));
        }

        /** What the log quotes for a delivery: the next hop's reply, or where a mailbox put it. */
        private static String replyOf(TraceEvent e) {
            return switch (e) {
                case TraceEvent.Send s -> s.reply();
                case TraceEvent.Deliver d -> d.location();
                case null, default -> null;
            };
        }

        boolean delivered() {
            return anyDelivered;
        }

        boolean rerouted() {
            return anyRerouted;
        }

        /** Sends the notices, then stores the changes (outside the message's lock). */
        void commit() {
            notices.forEach((kind, list) -> {
                try {
                    reports.report(m.message, kind, list);
                } catch (RuntimeException e) {
                    LOG.atError().setCause(e).addKeyValue("queueId", m.id()).addKeyValue("kind", kind).log("sender notice failed");
                    noticeFailed(kind, e);
                }
            });
            if (!updates.isEmpty() || !events.isEmpty()) {
                store.update(updates, events, null);
            }
            lines.forEach(OutcomeLog::write);
        }

        /**
         * A notice that could not be queued must not be lost with its recipients' final state: a
         * failed recipient goes back to the queue (its next round fails it, or expires it, again
         * and tries the NDR again); a delay notice is tried at the next deferral. A lost success
         * notice is accepted: delivering the message again to send it would be worse.
         */
        private void noticeFailed(DeliveryReports.Kind kind, RuntimeException cause) {
            if (kind != DeliveryReports.Kind.FAILED && kind != DeliveryReports.Kind.DELAYED) {
                return;
            }
            synchronized (m) {
                for (QueuedMessage.Recipient r : noticed.getOrDefault(kind, List.of())) {
                    if (kind == DeliveryReports.Kind.DELAYED) {
                        r.delayNotified = false;
                    } else {
                        r.state = RecipientState.QUEUED;
                        r.nextAttemptAt = now.plus(transport.get().retryInterval(Math.max(1, r.attempts)));
                        String why = "451 4.3.0 The non-delivery report could not be queued (" + cause.getMessage()
                                + "); trying again";
                        event(new TraceEvent.Defer(r.address, why, null, r.nextAttemptAt.toString()));
                        lines.replaceAll(l -> l.r() == r ? l.deferred(why) : l);
                    }
                    updates.removeIf(u -> u.index() == r.index);
                    updates.add(Dispatcher.update(m, r));
                }
            }
        }
    }
}
