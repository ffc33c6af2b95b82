package io.mailflow.queue;

import io.mailflow.trace.TraceEvent;

/** What became of one recipient in a delivery attempt. */
public sealed interface RecipientOutcome {

    /** The recipient's index in its message. */
    int index();

    /** The event the trace records for this attempt, or null. */
    TraceEvent event();

    /** The host the attempt reached, for the delivery log; null when the agent did not say. */
    Relay relay();

    /**
     * The host an attempt reached or last tried.
     *
     * @param host as configured or found in DNS ({@code host:port}, {@code lmtp:host:port})
     * @param ip the address connected to (or last tried), or {@code none}
     * @param tls TLS protocol and cipher, or {@code none}
     */
    record Relay(String host, String ip, String tls) {
    }

    /**
     * Delivered: final for this gateway.
     *
     * @param handover what became of the message, for success notifications (RFC 3461 §5.2.2)
     */
    record Delivered(int index, TraceEvent event, Handover handover, Relay relay) implements RecipientOutcome {
        public Delivered(int index, TraceEvent event, Handover handover) {
            this(index, event, handover, null);
        }
    }

    /** Where a delivered message went: decides between a "delivered" and a "relayed" notice, or none. */
    enum Handover {
        /** Into a mailbox here: final delivery. */
        MAILBOX,
        /** To a next hop that does not speak DSN: we report "relayed" if asked. */
        RELAYED,
        /** To a next hop that speaks DSN: NOTIFY went with it, the next hop reports. */
        RELAYED_WITH_DSN
    }

    /**
     * A temporary failure: the queue retries later.
     *
     * @param reason the reply or our reason, e.g. {@code 450 4.4.316 Connection refused}
     * @param remoteMta the host that gave the reply, or null when no host did
     * @param hopDown the next hop itself could not be reached (not this recipient refused): the
     *        recipient is tried again as soon as a delivery to the same next hop succeeds
     */
    record Deferred(int index, String reason, String remoteMta, boolean hopDown, TraceEvent event, Relay relay)
            implements RecipientOutcome {
        public Deferred(int index, String reason, String remoteMta, boolean hopDown, TraceEvent event) {
            this(index, reason, remoteMta, hopDown, event, null);
        }
    }

    /** A permanent failure: final; the sender gets a non-delivery report. */
    record Failed(int index, String reason, String remoteMta, TraceEvent event, Relay relay) implements RecipientOutcome {
        public Failed(int index, String reason, String remoteMta, TraceEvent event) {
            this(index, reason, remoteMta, event, null);
        }
    }

    /**
     * Not attempted: the configuration now routes the recipient elsewhere (a connector was
     * changed or removed); the queue moves it to {@code nextHop} and tries again at once.
     */
    record Rerouted(int index, String nextHop, TraceEvent event) implements RecipientOutcome {
        public Relay relay() {
            return null;
        }
    }
}
